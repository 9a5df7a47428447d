namespace CryptoTracker.Core.Metrics;

/// <summary>Values that are never stored: non-finite numbers, prices at or below zero, negative amounts.</summary>
public static class QuoteQuality
{
    public static bool IsAcceptable(Quote quote) =>
        double.IsFinite(quote.Value) && (quote.Metric.Type == "price" ? quote.Value > 0 : quote.Value >= 0);
}
