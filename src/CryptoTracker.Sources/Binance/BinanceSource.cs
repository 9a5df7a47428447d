using System.Net;
using CryptoTracker.Core.Markets;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using CryptoTracker.Sources.Http;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Sources.Binance;

/// <summary>
/// Binance spot: one <c>GET /api/v3/ticker/24hr</c> per tick, every symbol in one call (request weight 80 of the
/// 6,000/min allowance). Metrics: <c>price</c> (<c>lastPrice</c>) and <c>volume</c> (24 h base volume), stamped with the
/// exchange's <c>closeTime</c> so halted and delisted symbols can be recognised as stale.
/// </summary>
public sealed class BinanceSource(IHttpClientFactory httpFactory, IOptions<BinanceOptions> options, TimeProvider clock) : IMarketSource
{
    public const string HttpClientName = "binance";
    public const string Path = "/api/v3/ticker/24hr";

    private readonly BinanceOptions _options = options.Value;

    public string Name => "binance";

    public async Task<IReadOnlyList<Quote>> FetchAsync(CancellationToken ct) => (await FetchMarketAsync(ct)).Select(q => q.Quote).ToList();

    public async Task<IReadOnlyList<MarketQuote>> FetchMarketAsync(CancellationToken ct)
    {
        var body = await ExchangeHttp.GetAsync(httpFactory.CreateClient(HttpClientName), "Binance", Path, _options.Timeout, clock, ct, Explain);
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
