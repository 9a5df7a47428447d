using System.Net;
using System.Text.Json;
using CryptoTracker.Core.Markets;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using CryptoTracker.Sources.Http;
using CryptoTracker.Sources.Kraken;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Sources.Binance;

/// <summary>Tracker:Binance settings.</summary>
public sealed class BinanceOptions
{
    /// <summary>api.binance.com answers HTTP 451 to US and many cloud addresses; https://api.binance.us is the US exchange.</summary>
    public string BaseUrl { get; set; } = "https://api.binance.com";

    /// <summary>Comma-separated symbols (<c>btcusdt,ethusdt</c>), or <c>*</c> for every symbol. Symbols Binance does not list are simply absent.</summary>
    public string Pairs { get; set; } = ExchangeClients.DefaultPairs;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>One symbol's 24 h ticker: last price, 24 h base volume and the exchange's close time of the statistics.</summary>
public sealed record BinanceTick(string Symbol, double Last, double Volume24h, DateTimeOffset CloseTime);

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

/// <summary>
/// Binance spot: one <c>GET /api/v3/ticker/24hr</c> per tick, every symbol in one call (request weight 80 of the
/// 6,000/min allowance). Metrics: <c>price</c> (<c>lastPrice</c>) and <c>volume</c> (24 h base volume), stamped with the
/// exchange's <c>closeTime</c> so halted and delisted symbols can be recognised as stale.
/// </summary>
public sealed class BinanceSource(IHttpClientFactory httpFactory, IOptions<BinanceOptions> options) : IMarketSource
{
    public const string HttpClientName = "binance";
    public const string Path = "/api/v3/ticker/24hr";

    private readonly BinanceOptions _options = options.Value;

    public string Name => "binance";

    public async Task<IReadOnlyList<Quote>> FetchAsync(CancellationToken ct) => (await FetchMarketAsync(ct)).Select(q => q.Quote).ToList();

    public async Task<IReadOnlyList<MarketQuote>> FetchMarketAsync(CancellationToken ct)
    {
        var body = await ExchangeHttp.GetAsync(httpFactory.CreateClient(HttpClientName), "Binance", Path, _options.Timeout, ct, Explain);
        return ToQuotes(BinanceParser.ParseTicker24h(body), _options.Pairs);
    }

    public static IReadOnlyList<MarketQuote> ToQuotes(IReadOnlyList<BinanceTick> ticks, string pairs)
    {
        var wanted = Symbols.TracksAll(pairs) ? null : Symbols.Set(pairs);
        var quotes = new List<MarketQuote>();
        foreach (var t in ticks)
        {
            if (wanted is not null && !wanted.Contains(t.Symbol)) continue;
            if (!MetricId.IsValidSymbol(t.Symbol)) continue;
            quotes.Add(new MarketQuote(new Quote(new MetricId("price", t.Symbol), t.Last), t.CloseTime));
            quotes.Add(new MarketQuote(new Quote(new MetricId("volume", t.Symbol), t.Volume24h), t.CloseTime));
        }
        return quotes;
    }

    /// <summary>HTTP 451 is Binance's geo-block: say so, and say how to get around it.</summary>
    public static string? Explain(HttpStatusCode status) => status == HttpStatusCode.UnavailableForLegalReasons
        ? "Binance refuses requests from this location (it blocks the US and many cloud providers' addresses). "
          + "Set Tracker:Binance:BaseUrl to an endpoint that serves you, e.g. https://api.binance.us, or remove binance from Tracker:Sources."
        : status == (HttpStatusCode)418 ? "Binance has banned this address for ignoring HTTP 429 answers; wait before polling again." : null;
}
