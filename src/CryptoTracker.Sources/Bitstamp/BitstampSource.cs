using System.Globalization;
using System.Net;
using System.Text.Json;
using CryptoTracker.Core.Markets;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using CryptoTracker.Sources.Binance;
using CryptoTracker.Sources.Http;
using CryptoTracker.Sources.Kraken;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Sources.Bitstamp;

/// <summary>Tracker:Bitstamp settings.</summary>
public sealed class BitstampOptions
{
    public string BaseUrl { get; set; } = "https://www.bitstamp.net";

    /// <summary>Comma-separated url symbols (<c>btcusd,etheur</c>), or <c>*</c> for every enabled pair.</summary>
    public string Pairs { get; set; } = ExchangeClients.DefaultPairs;

    public TimeSpan PairsRefresh { get; set; } = TimeSpan.FromHours(6);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>A ticker: last price, 24 h base volume and Bitstamp's timestamp of it.</summary>
public sealed record BitstampTick(string Symbol, double Last, double Volume24h, DateTimeOffset Timestamp);

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

/// <summary>
/// Bitstamp: the all-pairs <c>GET /api/v2/ticker/</c> (one call per tick). Where that endpoint is missing (HTTP 404,
/// older deployments and proxies) it falls back to <c>GET /api/v2/ticker/{pair}/</c> per configured pair that
/// <c>/api/v2/trading-pairs-info/</c> lists as enabled. Metrics: <c>price</c> (<c>last</c>), <c>volume</c> (24 h base).
/// </summary>
public sealed class BitstampSource(IHttpClientFactory httpFactory, IOptions<BitstampOptions> options, TimeProvider clock) : IMarketSource
{
    public const string HttpClientName = "bitstamp";

    private readonly BitstampOptions _options = options.Value;
    private IReadOnlySet<string>? _enabled;
    private DateTimeOffset _enabledAt;
    private bool _perPair;

    public string Name => "bitstamp";

    public async Task<IReadOnlyList<Quote>> FetchAsync(CancellationToken ct) => (await FetchMarketAsync(ct)).Select(q => q.Quote).ToList();

    public async Task<IReadOnlyList<MarketQuote>> FetchMarketAsync(CancellationToken ct)
    {
        var http = httpFactory.CreateClient(HttpClientName);
        var wanted = Symbols.TracksAll(_options.Pairs) ? null : Symbols.Set(_options.Pairs);
        IReadOnlyList<BitstampTick> ticks;
        if (!_perPair)
        {
            try
            {
                ticks = BitstampParser.ParseTickers(await Get(http, "/api/v2/ticker/", ct));
                return ToQuotes(ticks, wanted);
            }
            catch (ExchangeApiException ex) when (ex.Status == HttpStatusCode.NotFound)
            {
                _perPair = true;
            }
        }

        var now = clock.GetUtcNow();
        if (_enabled is null || now - _enabledAt > _options.PairsRefresh)
        {
            _enabled = BitstampParser.ParseEnabledPairs(await Get(http, "/api/v2/trading-pairs-info/", ct));
            _enabledAt = now;
        }
        var list = new List<BitstampTick>();
        foreach (var pair in (wanted ?? _enabled).Where(_enabled.Contains).Order(StringComparer.Ordinal))
            list.AddRange(BitstampParser.ParseTickers(await Get(http, $"/api/v2/ticker/{pair}/", ct), pair));
        return ToQuotes(list, wanted);
    }

    public static IReadOnlyList<MarketQuote> ToQuotes(IReadOnlyList<BitstampTick> ticks, IReadOnlySet<string>? wanted)
    {
        var quotes = new List<MarketQuote>();
        foreach (var t in ticks)
        {
            if (wanted is not null && !wanted.Contains(t.Symbol) || !MetricId.IsValidSymbol(t.Symbol)) continue;
            quotes.Add(new MarketQuote(new Quote(new MetricId("price", t.Symbol), t.Last), t.Timestamp));
            quotes.Add(new MarketQuote(new Quote(new MetricId("volume", t.Symbol), t.Volume24h), t.Timestamp));
        }
        return quotes;
    }

    private Task<string> Get(HttpClient http, string path, CancellationToken ct) => ExchangeHttp.GetAsync(http, "Bitstamp", path, _options.Timeout, ct);
}
