namespace CryptoTracker.Sources.Kraken;

/// <summary>An <c>OHLC</c> answer: the candles, oldest first, and <c>last</c>, the newest committed candle's time.</summary>
public sealed record KrakenOhlc(IReadOnlyList<KrakenCandle> Candles, DateTimeOffset Last)
{
    /// <summary>
    /// The candles that are over: Kraken's last row is the current, still-changing minute, and rows after <c>last</c>
    /// are not committed. Neither may be stored, or the live tick for that minute would be refused as a duplicate.
    /// </summary>
    public IReadOnlyList<KrakenCandle> Committed =>
        Candles.Count == 0 ? [] : Candles.Take(Candles.Count - 1).Where(c => c.Time <= Last).ToList();
}
