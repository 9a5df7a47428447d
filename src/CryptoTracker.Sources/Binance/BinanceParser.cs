using System.Text.Json;
using CryptoTracker.Sources.Http;

namespace CryptoTracker.Sources.Binance;

public static class BinanceParser
{
    /// <summary>Parses <c>GET /api/v3/ticker/24hr</c> without a symbol (an array) or with one (an object); Binance errors are <c>{"code","msg"}</c>.</summary>
    public static IReadOnlyList<BinanceTick> ParseTicker24h(string json)
    {
        using var doc = ExchangeHttp.Parse("Binance", json);
        var root = doc.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("code", out var code) && root.TryGetProperty("msg", out var msg))
            throw new ExchangeApiException($"Binance error {code}: {msg.GetString()}");
        IEnumerable<JsonElement> items = root.ValueKind switch
        {
            JsonValueKind.Array => root.EnumerateArray(),
            JsonValueKind.Object => [root],
            _ => throw new ExchangeApiException("Binance answered with neither a ticker array nor a ticker object."),
        };
        var ticks = new List<BinanceTick>();
        foreach (var t in items)
        {
            if (t.ValueKind != JsonValueKind.Object
                || !t.TryGetProperty("symbol", out var s) || s.GetString() is not { Length: > 0 } symbol
                || !ExchangeJson.TryDecimalString(t, "lastPrice", out var last) || !ExchangeJson.TryDecimalString(t, "volume", out var volume)
                || !t.TryGetProperty("closeTime", out var close) || !close.TryGetInt64(out var closeMs))
                continue;
            ticks.Add(new BinanceTick(Symbols.Normalize(symbol), last, volume, DateTimeOffset.FromUnixTimeMilliseconds(closeMs)));
        }
        return ticks;
    }

}
