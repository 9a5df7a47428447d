namespace CryptoTracker.Sources.Kraken;

/// <summary>One pair's ticker: last trade price <c>c[0]</c> and 24 h base volume <c>v[1]</c>.</summary>
public sealed record KrakenTick(string Key, double Last, double Volume24h);
