namespace CryptoTracker.Core.Metrics;

/// <summary>
/// What the API serves about a metric, materialised by the collector at each tick so that reads never scan history:
/// the window it was computed over, the statistics, the latest point and the metric's place among its type.
/// </summary>
public sealed record MetricSummary(
    MetricId Id,
    DateTimeOffset WindowFrom,
    DateTimeOffset WindowTo,
    WindowStats Stats,
    Point Latest,
    RankPlace ByStdDev,
    RankPlace ByMean)
{
    /// <summary>The place by coefficient of variation; (null, 0) for summaries made without it.</summary>
    public RankPlace ByCv { get; init; } = new(null, 0);

    public RankPlace Place(RankBy by) => by switch { RankBy.Mean => ByMean, RankBy.Cv => ByCv, _ => ByStdDev };

    public double? Value(RankBy by) => by switch { RankBy.Mean => Stats.Mean, RankBy.Cv => Stats.Cv, _ => Stats.StdDev };
}
