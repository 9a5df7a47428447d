using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;

namespace CryptoTracker.Core.Markets;

/// <summary>
/// Several exchanges as one source for the live tick. Each call fetches, concurrently, the markets that have not yet
/// answered this minute (each with its own timeout); what answered is kept for the minute. The tick's retries
/// (<c>fetchAttempts</c>, with its back-off) therefore retry only the markets that failed: a call throws while
/// some market is still failing and attempts remain, and on the last attempt returns what the others gave. A refusal
/// that repeating cannot change (<see cref="IFinalSourceFailure"/>: HTTP 451 geo-block, 403, 418 ban) is not retried
/// within the tick. Then the
/// quality rules and (with two or more markets) the per-market ids and aggregates of <see cref="CrossMarketAggregate"/>.
/// A market that did not answer at all this tick stays in the aggregates with its last answer until that is older than
/// the quality rules' MaxTickerAge (then the aggregates go on without it); its own per-market series gets no point.
/// Nothing here stores or logs: the tick ingests the result through Collector.IngestAsync like any source's quotes, and
/// what is worth logging is kept as <see cref="MarketNote"/>s for the host (<see cref="TakeNotes"/>).
/// </summary>
public sealed class MarketsSource : IQuoteSource, IBackfillSource
{
    private readonly IReadOnlyList<IQuoteSource> _sources;
    private readonly MarketBoard _board;
    private readonly TimeProvider _clock;
    private readonly int _fetchAttempts;
    private readonly bool _multiMarket;
    private readonly MarketQualityOptions _quality;
    private readonly List<MarketNote> _notes = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset _minute = DateTimeOffset.MinValue;
    private int _attempt;
    private readonly Dictionary<string, IReadOnlyList<MarketQuote>> _answered = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<MarketQuote>> _lastAnswer = new(StringComparer.Ordinal);
    private readonly HashSet<string> _final = new(StringComparer.Ordinal);

    /// <param name="fetchAttempts">The tick's fetch attempts: on the last one, what answered is returned without the rest.</param>
    public MarketsSource(IReadOnlyList<IQuoteSource> sources, MarketBoard board, TimeProvider clock, int fetchAttempts, MarketQualityOptions quality)
    {
        _sources = sources;
        _board = board;
        _clock = clock;
        _fetchAttempts = Math.Max(1, fetchAttempts);
        _multiMarket = sources.Count > 1;
        _quality = quality;
    }

    /// <summary>What happened to single markets since the last call (markets left out of a tick, outliers, failed backfills).</summary>
    public IReadOnlyList<MarketNote> TakeNotes()
    {
        lock (_notes)
        {
            var notes = _notes.ToList();
            _notes.Clear();
            return notes;
        }
    }

    private void Note(MarketNote note)
    {
        lock (_notes) _notes.Add(note);
    }

    public string Name => string.Join('+', _sources.Select(s => s.Name));

    public async Task<IReadOnlyList<Quote>> FetchAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var now = _clock.GetUtcNow();
            var minute = Minutes.Truncate(now);
            if (minute != _minute)
            {
                _minute = minute;
                _attempt = 0;
                _answered.Clear();
                _errors.Clear();
                _final.Clear();
            }
            _attempt++;

            var pending = _sources.Where(s => !_answered.ContainsKey(s.Name) && !_final.Contains(s.Name)).ToList();
            var results = await Task.WhenAll(pending.Select(s => FetchOneAsync(s, ct)));
            foreach (var (source, quotes, error, final) in results)
            {
                if (final) _final.Add(source.Name);
                if (quotes is not null)
                {
                    // Stamp what has no exchange time with the time it was fetched, so that, carried over, it can age out.
                    var at = _clock.GetUtcNow();
                    var stamped = quotes.Select(q => q.AsOf is null ? q with { AsOf = at } : q).ToList();
                    _answered[source.Name] = stamped;
                    _lastAnswer[source.Name] = stamped;
                    _errors.Remove(source.Name);
                }
                else _errors[source.Name] = error!;
            }

            // A refusal that asking again cannot change (HTTP 451, 403…) ends that market's tick at once.
            var allFinal = _errors.Keys.All(_final.Contains);
            var lastAttempt = _attempt >= _fetchAttempts || allFinal;
            if (_errors.Count > 0 && (!lastAttempt || _answered.Count == 0))
            {
                if (lastAttempt)
                    foreach (var (name, error) in _errors) _board.RecordFailure(name, _clock.GetUtcNow(), error);
                throw new MarketsUnavailableException(string.Join("; ", _errors.Select(e => $"{e.Key}: {e.Value}")), isFinal: allFinal);
            }
            foreach (var (name, error) in _errors)
            {
                _board.RecordFailure(name, _clock.GetUtcNow(), error);
                Note(new MarketSkipped(name, minute, error));
            }
            foreach (var (name, quotes) in _answered) _board.RecordSuccess(name, _clock.GetUtcNow(), quotes.Count);

            var fetches = new List<MarketFetch>();
            foreach (var s in _sources)
            {
                if (_answered.TryGetValue(s.Name, out var answer)) fetches.Add(new MarketFetch(s.Name, answer));
                else if (_multiMarket && _lastAnswer.TryGetValue(s.Name, out var last)) fetches.Add(new MarketFetch(s.Name, last, CarriedOver: true));
            }
            // Mark the minute as delivered: a second call within it (a retried commit) fetches afresh.
            _minute = DateTimeOffset.MinValue;
            return Combine(minute, now, fetches);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The history of the markets that can tell it (Kraken's OHLC), through the same per-market ids and aggregates.</summary>
    public async Task<IReadOnlyList<MinuteQuotes>> BackfillAsync(DateTimeOffset fromExclusive, DateTimeOffset toInclusive, CancellationToken ct)
    {
        var byMinute = new SortedDictionary<DateTimeOffset, List<MarketFetch>>();
        foreach (var source in _sources)
        {
            if (source is not IBackfillSource backfill) continue;
            try
            {
                foreach (var minute in await backfill.BackfillAsync(fromExclusive, toInclusive, ct))
                {
                    if (!byMinute.TryGetValue(minute.Minute, out var list)) byMinute[minute.Minute] = list = [];
                    list.Add(new MarketFetch(source.Name, minute.Quotes.Select(q => new MarketQuote(q)).ToList()));
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                Note(new MarketBackfillFailed(source.Name, ex.Message));
            }
        }
        // Each minute is judged as of itself: the quality rules' "now" is the minute's end.
        return byMinute.Select(m => new MinuteQuotes(m.Key, Combine(m.Key, m.Key.AddMinutes(1), m.Value))).ToList();
    }

    private IReadOnlyList<Quote> Combine(DateTimeOffset minute, DateTimeOffset now, IReadOnlyList<MarketFetch> fetches)
    {
        var aggregate = _multiMarket
            ? CrossMarketAggregate.Combine(fetches, now, _quality)
            : CrossMarketAggregate.Single(fetches.Count == 1 ? fetches[0] : new MarketFetch(_sources[0].Name, []), now, _quality);
        _board.RecordMinute(minute, aggregate);
        foreach (var o in aggregate.Outliers) Note(new MarketOutlier(minute, o));
        return aggregate.Quotes;
    }

    private static async Task<(IQuoteSource Source, IReadOnlyList<MarketQuote>? Quotes, string? Error, bool Final)> FetchOneAsync(IQuoteSource source, CancellationToken ct)
    {
        try
        {
            // Each adapter bounds its own calls (Tracker:<Exchange>:Timeout); exchanges without their own clock are stamped "now".
            var quotes = source is IMarketSource market
                ? await market.FetchMarketAsync(ct)
                : (await source.FetchAsync(ct)).Select(q => new MarketQuote(q)).ToList();
            return (source, quotes, null, false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var final = ex is IFinalSourceFailure { IsFinal: true };
            return (source, null, $"{ex.GetType().Name}: {ex.Message}", final);
        }
    }
}
