namespace CryptoTracker.Sources.Bitstamp;

/// <summary>A ticker: last price, 24 h base volume and Bitstamp's timestamp of it.</summary>
public sealed record BitstampTick(string Symbol, double Last, double Volume24h, DateTimeOffset Timestamp);
