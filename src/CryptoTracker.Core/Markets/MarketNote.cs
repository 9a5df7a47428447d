namespace CryptoTracker.Core.Markets;

/// <summary>Something the host should log about one market during a tick or a backfill (the tick itself went on).</summary>
public abstract record MarketNote(string Market);
