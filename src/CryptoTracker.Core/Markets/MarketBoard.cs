using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Markets;

/// <summary>
/// What the collecting process knows about its market sources, for health and for the aggregates' provenance:
/// each source's status, and which markets made each aggregate at the last tick. Thread-safe; no I/O.
/// </summary>
public sealed class MarketBoard
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, MarketSourceStatus> _sources = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private IReadOnlyDictionary<MetricId, IReadOnlyList<string>> _contributors = new Dictionary<MetricId, IReadOnlyList<string>>();
    private IReadOnlyList<OutlierReport> _outliers = [];
    private DateTimeOffset? _minute;

    public MarketBoard(IEnumerable<string> sources)
    {
        foreach (var name in sources)
            if (_sources.TryAdd(name, new MarketSourceStatus(name, null, null, null, 0, 0, default))) _order.Add(name);
    }

    /// <summary>Sources in configuration order; the first is the primary one.</summary>
    public IReadOnlyList<MarketSourceStatus> Sources
    {
        get { lock (_lock) return _order.Select(n => _sources[n]).ToList(); }
    }

    public (DateTimeOffset? Minute, IReadOnlyDictionary<MetricId, IReadOnlyList<string>> Contributors, IReadOnlyList<OutlierReport> Outliers) LastAggregate
    {
        get { lock (_lock) return (_minute, _contributors, _outliers); }
    }

    public void RecordSuccess(string source, DateTimeOffset at, int quotes) => Update(source, s => s with { LastSuccess = at, ConsecutiveFailures = 0, LastQuotes = quotes });

    public void RecordFailure(string source, DateTimeOffset at, string error) =>
        Update(source, s => s with { LastFailure = at, LastError = error, ConsecutiveFailures = s.ConsecutiveFailures + 1 });

    /// <summary>Adds a tick's refusals to each source's counts and remembers the tick's aggregate provenance.</summary>
    public void RecordMinute(DateTimeOffset minute, AggregateMinute aggregate)
    {
        lock (_lock)
        {
            foreach (var (market, counts) in aggregate.Rejected)
                if (_sources.TryGetValue(market, out var s)) _sources[market] = s with { Rejected = s.Rejected.Add(counts) };
            if (_minute is null || minute >= _minute)
            {
                _minute = minute;
                _contributors = aggregate.Contributors;
                _outliers = aggregate.Outliers;
            }
        }
    }

    private void Update(string source, Func<MarketSourceStatus, MarketSourceStatus> change)
    {
        lock (_lock)
            if (_sources.TryGetValue(source, out var s)) _sources[source] = change(s);
    }
}
