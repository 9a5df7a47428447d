using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using CryptoTracker.Sources.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Sources.Kraken;

/// <summary>
/// Kraken's public REST API: one <c>GET /0/public/Ticker</c> without a pair (all pairs in one call; naming pairs gives HTTP 414),
/// mapped to symbols through <c>AssetPairs</c>, which is fetched at start and every few hours. Backfill: one
/// <c>OHLC?interval=1</c> call per tracked pair (at most 720 rows = 12 h each), paced to Kraken's ~1 call/s.
/// </summary>
public sealed class KrakenSource(IHttpClientFactory httpFactory, IOptions<KrakenOptions> options, TimeProvider clock, ILogger<KrakenSource>? log = null)
    : IQuoteSource, IBackfillSource, IPartialSource
{
    public const string HttpClientName = "kraken";

    private readonly KrakenOptions _options = options.Value;
    private readonly RequestPacer _pacer = new(options.Value.CallInterval, clock);
    private IReadOnlyDictionary<string, KrakenPair>? _pairs;
    private DateTimeOffset _pairsFetchedAt;
    private volatile PartialAnswer? _lastPartial;

    public string Name => "kraken";

    /// <summary>The pairs whose minute volume the latest minute missed (Tracker:Kraken:MinuteVolume); null when none did.</summary>
    public PartialAnswer? LastPartial => _lastPartial;

    public async Task<IReadOnlyList<Quote>> FetchAsync(CancellationToken ct)
    {
        var pairs = await PairsAsync(ct);
        var ticks = KrakenParser.ParseTicker(await GetAsync("/0/public/Ticker", ct));
        var quotes = ToQuotes(ticks, pairs, _options);
        return _options.MinuteVolume ? [.. quotes, .. await MinuteVolumesAsync(pairs, ct)] : quotes;
    }

    /// <summary>
    /// Tracker:Kraken:MinuteVolume: <c>volume1m</c> at minute t = the base volume of the finished candle t−1 … t, one paced
    /// OHLC call per tracked pair (≈1.1 s each: 12 pairs take ≈13 s of the minute). A pair whose call fails or whose
    /// candle is not committed yet simply has no point this minute: the price and 24 h volume are not held back for it.
    /// </summary>
    private async Task<IReadOnlyList<Quote>> MinuteVolumesAsync(IReadOnlyDictionary<string, KrakenPair> pairs, CancellationToken ct)
    {
        var minute = Minutes.Truncate(clock.GetUtcNow());
        var quotes = new List<Quote>();
        var tracked = Tracked(pairs);
        var failed = 0;
        Exception? firstError = null;
        foreach (var pair in tracked)
        {
            try
            {
                await _pacer.WaitAsync(ct);
                var ohlc = KrakenParser.ParseOhlc(await GetAsync(
                    $"/0/public/OHLC?pair={Uri.EscapeDataString(pair.Key)}&interval=1&since={minute.AddMinutes(-3).ToUnixTimeSeconds()}", ct));
                if (ohlc.Committed.FirstOrDefault(c => c.Time == minute.AddMinutes(-1)) is { } candle)
                    quotes.Add(new Quote(new MetricId("volume1m", pair.Symbol), candle.Volume));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Best effort by design (see above), but said: one line per minute, with how many pairs missed.
                failed++;
                firstError ??= ex;
            }
        }
        // Said twice: in the log with the exception, and in health (IPartialSource) until a minute is whole again.
        _lastPartial = firstError is null ? null : new PartialAnswer(Name, minute, "volume1m", failed, tracked.Count, ExchangeApiException.KindOf(firstError));
        if (firstError is not null)
            log?.LogWarning("Kraken minute volumes: {Failed} of {Pairs} pairs have no volume1m point at {Minute:u}: {Error}",
                failed, tracked.Count, minute, $"{firstError.GetType().Name}: {firstError.Message}");
        return quotes;
    }

    private List<KrakenPair> Tracked(IReadOnlyDictionary<string, KrakenPair> pairs)
    {
        var wanted = _options.TracksAll ? null : _options.PairSet;
        return pairs.Values.DistinctBy(p => p.Key)
            .Where(p => p.Status == "online" && (wanted is null || wanted.Contains(p.Symbol)) && MetricId.IsValidSymbol(p.Symbol))
            .DistinctBy(p => p.Symbol).OrderBy(p => p.Symbol, StringComparer.Ordinal).Take(_options.BackfillMaxPairs).ToList();
    }

    /// <summary>
    /// The last (at most) 12 hours of each tracked pair from 1-minute OHLC: <c>price</c> = the candle's close and
    /// <c>volume1m</c> = its volume, stamped at the candle's <em>end</em> (the candle 10:00–10:01 is the point at 10:01),
    /// because a live tick at minute t reports the market as it stands at t. Minutes without trades (Kraken repeats the
    /// previous close with volume 0) become points too: the last price is still the price, and 0 is the true minute
    /// volume. No <c>volume</c> (24 h) points: 12 h of candles cannot give a 24 h sum. A pair whose call fails is
    /// skipped; if every pair fails, so does the backfill; an unreachable Kraken stops it at the first pair.
    /// </summary>
    public async Task<IReadOnlyList<MinuteQuotes>> BackfillAsync(DateTimeOffset fromExclusive, DateTimeOffset toInclusive, CancellationToken ct)
    {
        var pairs = await PairsAsync(ct);
        var tracked = Tracked(pairs);

        var byMinute = new SortedDictionary<DateTimeOffset, List<Quote>>();
        Exception? firstError = null;
        var succeeded = 0;
        foreach (var pair in tracked)
        {
            KrakenOhlc ohlc;
            try
            {
                await _pacer.WaitAsync(ct);
                ohlc = KrakenParser.ParseOhlc(await GetAsync(
                    $"/0/public/OHLC?pair={Uri.EscapeDataString(pair.Key)}&interval=1&since={fromExclusive.ToUnixTimeSeconds()}", ct));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                firstError ??= ex;
                // Not an answer Kraken gave but no answer at all: the other pairs would only wait for their timeouts too.
                if (succeeded == 0 && ex is HttpRequestException or TimeoutException) break;
                continue;
            }
            succeeded++;
            foreach (var candle in ohlc.Committed)
            {
                var t = candle.Time.AddMinutes(1);
                if (t <= fromExclusive || t > toInclusive) continue;
                if (!byMinute.TryGetValue(t, out var quotes)) byMinute[t] = quotes = [];
                quotes.Add(new Quote(new MetricId("price", pair.Symbol), candle.Close));
                quotes.Add(new Quote(new MetricId("volume1m", pair.Symbol), candle.Volume));
            }
        }
        if (succeeded == 0 && firstError is not null) throw firstError;
        return byMinute.Select(m => new MinuteQuotes(m.Key, m.Value)).ToList();
    }

    private async Task<IReadOnlyDictionary<string, KrakenPair>> PairsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_pairs is null || now - _pairsFetchedAt > _options.AssetPairsRefresh)
        {
            _pairs = KrakenParser.ParseAssetPairs(await GetAsync("/0/public/AssetPairs", ct));
            _pairsFetchedAt = now;
        }
        return _pairs;
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

    private Task<string> GetAsync(string path, CancellationToken ct) =>
        ExchangeHttp.GetAsync(httpFactory.CreateClient(HttpClientName), "Kraken", path, _options.Timeout, clock, ct);
}
