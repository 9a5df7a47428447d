using System.Net;
using CryptoTracker.Core.Markets;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using CryptoTracker.Sources.Http;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Sources.Bitstamp;

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

    private Task<string> Get(HttpClient http, string path, CancellationToken ct) => ExchangeHttp.GetAsync(http, "Bitstamp", path, _options.Timeout, clock, ct);
}
