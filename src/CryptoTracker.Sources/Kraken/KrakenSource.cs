using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Sources.Kraken;

/// <summary>
/// Kraken's public REST API: one <c>GET /0/public/Ticker</c> without a pair (all pairs in one call; naming pairs gives HTTP 414),
/// mapped to symbols through <c>AssetPairs</c>, which is fetched at start and every few hours.
/// </summary>
public sealed class KrakenSource(IHttpClientFactory httpFactory, IOptions<KrakenOptions> options, TimeProvider clock) : IQuoteSource
{
    public const string HttpClientName = "kraken";

    private readonly KrakenOptions _options = options.Value;
    private IReadOnlyDictionary<string, KrakenPair>? _pairs;
    private DateTimeOffset _pairsFetchedAt;

    public string Name => "kraken";

    public async Task<IReadOnlyList<Quote>> FetchAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_pairs is null || now - _pairsFetchedAt > _options.AssetPairsRefresh)
        {
            _pairs = KrakenParser.ParseAssetPairs(await GetAsync("/0/public/AssetPairs", ct));
            _pairsFetchedAt = now;
        }
        var ticks = KrakenParser.ParseTicker(await GetAsync("/0/public/Ticker", ct));
        return ToQuotes(ticks, _pairs, _options);
    }

    /// <summary>Keeps the tracked, online pairs; one price and one volume quote each.</summary>
    public static IReadOnlyList<Quote> ToQuotes(IReadOnlyList<KrakenTick> ticks, IReadOnlyDictionary<string, KrakenPair> pairs, KrakenOptions options)
    {
        var wanted = options.TracksAll ? null : options.PairSet;
        var quotes = new List<Quote>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tick in ticks)
        {
            if (!pairs.TryGetValue(tick.Key, out var pair) || pair.Status != "online") continue;
            if (wanted is not null && !wanted.Contains(pair.Symbol)) continue;
            if (!MetricId.IsValidSymbol(pair.Symbol) || !seen.Add(pair.Symbol)) continue;
            quotes.Add(new Quote(new MetricId("price", pair.Symbol), tick.Last));
            quotes.Add(new Quote(new MetricId("volume", pair.Symbol), tick.Volume24h));
        }
        return quotes;
    }

    private async Task<string> GetAsync(string path, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            var http = httpFactory.CreateClient(HttpClientName);
            using var response = await http.GetAsync(path, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            if (!response.IsSuccessStatusCode)
                throw new KrakenApiException($"Kraken {path} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
            return body;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"Kraken {path} did not answer within {_options.Timeout.TotalSeconds:0.#} s.");
        }
    }
}
