namespace CryptoTracker.Core.Alerts;

/// <summary>The outcome of the rule for one new point.</summary>
public readonly record struct SpikeCheck(bool Firing, int WindowCount, double Average);
