namespace CryptoTracker.Sources.Http;

/// <summary>Pair lists as the Tracker:*:Pairs settings give them: comma-separated symbols, or <c>*</c> for everything.</summary>
public static class Symbols
{
    /// <summary>Exchange symbols to ours: <c>BTCUSDT</c> → <c>btcusdt</c>, <c>BTC-USD</c> and <c>BTC/USD</c> → <c>btcusd</c>.</summary>
    public static string Normalize(string exchangeSymbol) =>
        exchangeSymbol.Replace("-", "", StringComparison.Ordinal).Replace("/", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal)
            .Trim().ToLowerInvariant();

    public static bool TracksAll(string pairs) => pairs.Trim() == "*";

    public static IReadOnlySet<string> Set(string pairs) =>
        pairs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
}
