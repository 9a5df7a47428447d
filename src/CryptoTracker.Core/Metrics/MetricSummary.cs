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
    public RankPlace Place(RankBy by) => by == RankBy.Mean ? ByMean : ByStdDev;

    public double? Value(RankBy by) => by == RankBy.Mean ? Stats.Mean : Stats.StdDev;
}
