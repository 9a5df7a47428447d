using System.Text.Json;
using CryptoTracker.Sources.Http;

namespace CryptoTracker.Sources.Kraken;

/// <summary>Parses Kraken's public API answers. Kraken reports errors as HTTP 200 with a non-empty <c>error</c> array.</summary>
public static class KrakenParser
{
    private static readonly Dictionary<string, string> Renamed = new(StringComparer.Ordinal) { ["XBT"] = "BTC", ["XDG"] = "DOGE" };

    /// <summary>Kraken's asset code to the common ticker: legacy four-letter codes lose their X/Z class prefix (XXBT→BTC, ZUSD→USD, XXDG→DOGE).</summary>
    public static string NormalizeAsset(string code)
    {
        var c = code.ToUpperInvariant();
        if (c.Length == 4 && c[0] is 'X' or 'Z' && IsLegacy(c)) c = c[1..];
        return Renamed.GetValueOrDefault(c, c);
    }

    // Kraken's legacy asset codes are the pre-2018 ISO-4217-style ones; newer four-letter assets (USDC, ZETA) keep their name.
    private static bool IsLegacy(string c) => c is "XXBT" or "XETH" or "XLTC" or "XXRP" or "XXLM" or "XZEC" or "XXMR" or "XETC"
        or "XMLN" or "XREP" or "XXDG" or "XXTZ" or "XICN" or "XDAO" or "XNMC" or "XXVN"
        or "ZUSD" or "ZEUR" or "ZGBP" or "ZJPY" or "ZCAD" or "ZAUD" or "ZCHF" or "ZKRW";

    public static IReadOnlyDictionary<string, KrakenPair> ParseAssetPairs(string json)
    {
        using var doc = Parse(json);
        var result = Result(doc);
        var pairs = new Dictionary<string, KrakenPair>(StringComparer.Ordinal);
        foreach (var p in result.EnumerateObject())
        {
            var v = p.Value;
            string? baseAsset = null, quoteAsset = null;
            // wsname ("XBT/USD") already names both sides without class prefixes; base/quote are the fallback.
            if (v.TryGetProperty("wsname", out var ws) && ws.GetString() is { } wsname && wsname.Split('/') is [var b, var q])
                (baseAsset, quoteAsset) = (b, q);
            else if (v.TryGetProperty("base", out var bb) && v.TryGetProperty("quote", out var qq))
                (baseAsset, quoteAsset) = (bb.GetString(), qq.GetString());
            if (baseAsset is null || quoteAsset is null) continue;

            var symbol = (NormalizeAsset(baseAsset) + NormalizeAsset(quoteAsset)).ToLowerInvariant();
            var status = v.TryGetProperty("status", out var s) ? s.GetString() ?? "online" : "online";
            var pair = new KrakenPair(p.Name, symbol, status);
            pairs[p.Name] = pair;
            // Ticker answers are keyed like AssetPairs, but some clients see altnames: accept both.
            if (v.TryGetProperty("altname", out var alt) && alt.GetString() is { } altname) pairs.TryAdd(altname, pair);
        }
        return pairs;
    }

    public static IReadOnlyList<KrakenTick> ParseTicker(string json)
    {
        using var doc = Parse(json);
        var result = Result(doc);
        var ticks = new List<KrakenTick>();
        foreach (var p in result.EnumerateObject())
        {
            if (TryNumber(p.Value, "c", 0, out var last) && TryNumber(p.Value, "v", 1, out var volume))
                ticks.Add(new KrakenTick(p.Name, last, volume));
        }
        return ticks;
    }

    /// <summary>
    /// <c>GET /0/public/OHLC?pair=X&amp;interval=1</c>: <c>result</c> holds one pair key with rows
    /// <c>[time, open, high, low, close, vwap, volume, count]</c> (numbers as strings, time as Unix seconds) and <c>last</c>.
    /// </summary>
    public static KrakenOhlc ParseOhlc(string json)
    {
        using var doc = Parse(json);
        var result = Result(doc);
        var candles = new List<KrakenCandle>();
        long? last = null;
        foreach (var p in result.EnumerateObject())
        {
            if (p.Name == "last" && p.Value.TryGetInt64(out var l)) last = l;
            else if (p.Value.ValueKind == JsonValueKind.Array && candles.Count == 0)
            {
                foreach (var row in p.Value.EnumerateArray())
                {
                    if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() < 7 || !row[0].TryGetInt64(out var t)) continue;
                    if (!TryNumber(row, 4, out var close) || !TryNumber(row, 6, out var volume)) continue;
                    candles.Add(new KrakenCandle(DateTimeOffset.FromUnixTimeSeconds(t), close, volume));
                }
            }
        }
        if (last is null) throw new ExchangeApiException("Kraken OHLC answered without 'last'.");
        candles.Sort((a, b) => a.Time.CompareTo(b.Time));
        return new KrakenOhlc(candles, DateTimeOffset.FromUnixTimeSeconds(last.Value));
    }

    private static bool TryNumber(JsonElement row, int index, out double value) => ExchangeJson.TryDecimalString(row[index], out value);

    /// <summary>An answer that is not JSON (an HTML error page from a proxy, a cut-off body) is a Kraken failure like any other.</summary>
    private static JsonDocument Parse(string json) => ExchangeHttp.Parse("Kraken", json);

    private static JsonElement Result(JsonDocument doc)
    {
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new ExchangeApiException("Kraken answered with something that is not a JSON object.");
        if (root.TryGetProperty("error", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            throw new ExchangeApiException("Kraken error: " + string.Join("; ", errors.EnumerateArray().Select(e => e.ToString())));
        if (!root.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Object)
            throw new ExchangeApiException("Kraken answered without a result object.");
        return result;
    }

    private static bool TryNumber(JsonElement ticker, string field, int index, out double value)
    {
        value = 0;
        return ticker.TryGetProperty(field, out var arr) && arr.ValueKind == JsonValueKind.Array && arr.GetArrayLength() > index
            && ExchangeJson.TryDecimalString(arr[index], out value);
    }
}
