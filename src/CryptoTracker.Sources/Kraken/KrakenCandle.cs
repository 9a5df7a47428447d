namespace CryptoTracker.Sources.Kraken;

/// <summary>One finished or unfinished 1-minute candle of <c>OHLC</c>: its start, close price and base volume.</summary>
public sealed record KrakenCandle(DateTimeOffset Time, double Close, double Volume);
