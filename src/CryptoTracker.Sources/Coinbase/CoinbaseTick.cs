namespace CryptoTracker.Sources.Coinbase;

/// <summary>A product's ticker: last trade price, 24 h base volume, and the time of the last trade.</summary>
public sealed record CoinbaseTick(double Price, double Volume24h, DateTimeOffset Time);
