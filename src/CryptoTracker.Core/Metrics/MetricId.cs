using System.Diagnostics.CodeAnalysis;

namespace CryptoTracker.Core.Metrics;

/// <summary>A tracked series: a metric type (price, volume, …) of a symbol (btcusd, …). Written <c>type:symbol</c>.</summary>
public readonly record struct MetricId
{
    public const int MaxTypeLength = 32;
    public const int MaxSymbolLength = 64;

    public string Type { get; }
    public string Symbol { get; }

    public MetricId(string type, string symbol)
    {
        if (!IsValidType(type)) throw new ArgumentException($"Invalid metric type '{type}': expected 1-{MaxTypeLength} characters a-z, 0-9.", nameof(type));
        if (!IsValidSymbol(symbol)) throw new ArgumentException($"Invalid symbol '{symbol}': expected 1-{MaxSymbolLength} characters a-z, 0-9, '.', '-', '_', '@'.", nameof(symbol));
        Type = type;
        Symbol = symbol;
    }

    public override string ToString() => $"{Type}:{Symbol}";

    public static bool TryParse(string? text, [NotNullWhen(true)] out MetricId? id)
    {
        id = null;
        if (text is null) return false;
        var colon = text.IndexOf(':');
        if (colon <= 0) return false;
        var type = text[..colon];
        var symbol = text[(colon + 1)..];
        if (!IsValidType(type) || !IsValidSymbol(symbol)) return false;
        id = new MetricId(type, symbol);
        return true;
    }

    public static MetricId Parse(string text) =>
        TryParse(text, out var id) ? id.Value : throw new FormatException($"'{text}' is not a metric id of the form type:symbol.");

    /// <summary>Lower-case letters and digits only: types become URL segments and DynamoDB keys.</summary>
    public static bool IsValidType(string? type) =>
        type is { Length: > 0 and <= MaxTypeLength } && type.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9');

    /// <summary>Lower-case letters, digits and a few separators (<c>btcusd</c>, <c>btcusd@kraken</c>); never ':' or '/'.</summary>
    public static bool IsValidSymbol(string? symbol) =>
        symbol is { Length: > 0 and <= MaxSymbolLength }
        && char.IsAsciiLetterOrDigit(symbol[0])
        && symbol.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '-' or '_' or '@');
}
