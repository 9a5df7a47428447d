namespace CryptoTracker.Core.Metrics;

public static class CompetitionRanking
{
    /// <summary>
    /// Largest value first; equal values share the better rank and the next rank skips (1, 2, 2, 4).
    /// Equal ranks are ordered by symbol so that the order is stable.
    /// </summary>
    public static IReadOnlyList<RankEntry> Rank(IEnumerable<(MetricId Metric, double Value)> values)
    {
        var sorted = values.OrderByDescending(v => v.Value).ThenBy(v => v.Metric.Symbol, StringComparer.Ordinal).ToList();
        var entries = new List<RankEntry>(sorted.Count);
        for (var i = 0; i < sorted.Count; i++)
        {
            var rank = i > 0 && sorted[i].Value == sorted[i - 1].Value ? entries[i - 1].Rank : i + 1;
            entries.Add(new RankEntry(sorted[i].Metric, rank, sorted[i].Value));
        }
        return entries;
    }
}
