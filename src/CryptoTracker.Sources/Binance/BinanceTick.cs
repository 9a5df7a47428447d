namespace CryptoTracker.Sources.Binance;

/// <summary>One symbol's 24 h ticker: last price, 24 h base volume and the exchange's close time of the statistics.</summary>
public sealed record BinanceTick(string Symbol, double Last, double Volume24h, DateTimeOffset CloseTime);
