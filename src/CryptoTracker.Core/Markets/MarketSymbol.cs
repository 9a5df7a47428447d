using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Markets;

/// <summary>
/// Per-market metric ids: the plain symbol with the market as suffix, <c>price:btcusd@kraken</c>. The plain id
/// <c>price:btcusd</c> is then the cross-market aggregate.
/// </summary>
public static class MarketSymbol
{
    public const char Separator = '@';

    public static string Qualify(string symbol, string market) => $"{symbol}{Separator}{market}";

    /// <summary>The per-market id of a plain metric, or null when the result would not be a valid symbol (too long).</summary>
    public static MetricId? Qualify(MetricId plain, string market)
    {
        var symbol = Qualify(plain.Symbol, market);
        return MetricId.IsValidSymbol(symbol) ? new MetricId(plain.Type, symbol) : null;
    }

    /// <summary>Splits <c>btcusd@kraken</c> into (<c>btcusd</c>, <c>kraken</c>); a plain symbol has no market.</summary>
    public static (string Symbol, string? Market) Split(string symbol)
    {
        var at = symbol.LastIndexOf(Separator);
        return at < 0 ? (symbol, null) : (symbol[..at], symbol[(at + 1)..]);
    }

    /// <summary>A market name usable as suffix: lower-case letters and digits.</summary>
    public static bool IsValidMarket(string? market) =>
        market is { Length: > 0 and <= 16 } && market.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9');
}
