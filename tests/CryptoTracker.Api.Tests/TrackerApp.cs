global using TrackerApp = CryptoTracker.Testing.InProcessTracker<Program>;
