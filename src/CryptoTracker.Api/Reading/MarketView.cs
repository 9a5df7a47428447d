using CryptoTracker.Core.Metrics;

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
