using System.Globalization;
using System.Text.Json;
using CryptoTracker.Sources.Http;

namespace CryptoTracker.Sources.Bitstamp;

public static class BitstampParser
{
    /// <summary><c>GET /api/v2/trading-pairs-info/</c>: the url symbols (<c>btcusd</c>) of pairs whose <c>trading</c> is <c>Enabled</c>.</summary>
    public static IReadOnlySet<string> ParseEnabledPairs(string json)
    {
        using var doc = ExchangeHttp.Parse("Bitstamp", json);
        if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new ExchangeApiException("Bitstamp trading-pairs-info is not a JSON array.");
        return doc.RootElement.EnumerateArray()
            .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("trading", out var t) && t.GetString() == "Enabled")
            .Select(p => p.TryGetProperty("url_symbol", out var u) ? u.GetString() : null)
            .OfType<string>().Select(Symbols.Normalize).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// <c>GET /api/v2/ticker/</c> (an array, each with <c>pair</c> "BTC/USD") or <c>GET /api/v2/ticker/{pair}/</c> (one object,
    /// no pair: <paramref name="symbol"/> names it). Numbers are strings; <c>timestamp</c> is Unix seconds as a string.
    /// </summary>
    public static IReadOnlyList<BitstampTick> ParseTickers(string json, string? symbol = null)
    {
        using var doc = ExchangeHttp.Parse("Bitstamp", json);
        var root = doc.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("status", out var st) && st.GetString() == "error")
            throw new ExchangeApiException($"Bitstamp error: {(root.TryGetProperty("reason", out var r) ? r.ToString() : "unknown")}");
        IEnumerable<JsonElement> items = root.ValueKind switch
        {
            JsonValueKind.Array => root.EnumerateArray(),
            JsonValueKind.Object => [root],
            _ => throw new ExchangeApiException("Bitstamp answered with neither a ticker array nor a ticker object."),
        };
        var ticks = new List<BitstampTick>();
        foreach (var t in items)
        {
            var name = t.TryGetProperty("pair", out var p) && p.GetString() is { } pair ? Symbols.Normalize(pair) : symbol;
            if (name is null || !ExchangeJson.TryDecimalString(t, "last", out var last) || !ExchangeJson.TryDecimalString(t, "volume", out var volume)
                || !t.TryGetProperty("timestamp", out var ts) || !long.TryParse(ts.ValueKind == JsonValueKind.String ? ts.GetString() : ts.GetRawText(),
                    NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
                continue;
            ticks.Add(new BitstampTick(name, last, volume, DateTimeOffset.FromUnixTimeSeconds(seconds)));
        }
        return ticks;
    }
}
