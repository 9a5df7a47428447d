namespace CryptoTracker.Core.Metrics;

/// <summary>What a metric is ranked by among the metrics of its type.</summary>
public enum RankBy { StdDev, Mean, Cv }

public static class RankByNames
{
    public static string ToName(this RankBy by) => by switch { RankBy.Mean => "mean", RankBy.Cv => "cv", _ => "stddev" };

    public static bool TryParse(string? text, out RankBy by)
    {
        switch (text)
        {
            case null or "" or "stddev": by = RankBy.StdDev; return true;
            case "mean": by = RankBy.Mean; return true;
            case "cv": by = RankBy.Cv; return true;
            default: by = default; return false;
        }
    }
}

/// <summary>A metric's place: <see cref="Rank"/> is null when the metric has no value to rank by (fewer than two points for stddev; for cv also a mean ≤ 0).</summary>
public sealed record RankPlace(int? Rank, int Total);

public sealed record RankEntry(MetricId Metric, int Rank, double Value);

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
