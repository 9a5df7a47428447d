using CryptoTracker.Api.Configuration;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Reading;

/// <summary>The materialised summaries, indexed for the endpoints: by id, and ranked per type.</summary>
public sealed class MarketView
{
    public MarketView(IReadOnlyList<MetricSummary> summaries, long version, DateTimeOffset loadedAt)
    {
        All = summaries;
        Version = version;
        LoadedAt = loadedAt;
        ById = summaries.ToDictionary(s => s.Id);
        ByType = summaries.GroupBy(s => s.Id.Type).ToDictionary(g => g.Key, g => (IReadOnlyList<MetricSummary>)g.ToList());
    }

    public IReadOnlyList<MetricSummary> All { get; }
    public IReadOnlyDictionary<MetricId, MetricSummary> ById { get; }
    public IReadOnlyDictionary<string, IReadOnlyList<MetricSummary>> ByType { get; }
    public long Version { get; }
    public DateTimeOffset LoadedAt { get; }

    /// <summary>Serialised answers computed from this view; a new view (a new tick) starts empty.</summary>
    public Http.ResponseCache Responses { get; } = new();

    /// <summary>The ranking of a type, best first; metrics without a value to rank by are left out.</summary>
    public IReadOnlyList<MetricSummary> Ranking(string type, RankBy by) =>
        ByType.TryGetValue(type, out var list)
            ? list.Where(s => s.Place(by).Rank is not null).OrderBy(s => s.Place(by).Rank).ThenBy(s => s.Id.Symbol, StringComparer.Ordinal).ToList()
            : [];
}

/// <summary>
/// Serves reads from summaries the collector materialised. With the collector in this process the view is reloaded
/// exactly when a tick was committed; otherwise (the read-only Lambda role) it is reused for Tracker:Api:CacheFor.
/// </summary>
public sealed class MetricReader(IMetricStore store, IOptions<TrackerOptions> options, Collector collector)
{
    private readonly Collector? _collector = options.Value.RunsCollector ? collector : null;
    private readonly TimeSpan _cacheFor = options.Value.Api.CacheFor;
    private volatile MarketView? _view;

    public async Task<MarketView> GetAsync(CancellationToken ct)
    {
        var view = _view;
        var now = DateTimeOffset.UtcNow; // real time: cache ages are not market time (the replay clock may stand still)
        if (view is not null)
        {
            if (_collector is not null ? view.Version == _collector.Version : now - view.LoadedAt < _cacheFor) return view;
        }
        var version = _collector?.Version ?? 0;
        var fresh = new MarketView(await store.GetSummariesAsync(ct), version, now);
        _view = fresh;
        return fresh;
    }
}
