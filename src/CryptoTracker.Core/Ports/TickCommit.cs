using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Ports;

/// <summary>
/// One tick's writes, applied together: new points (idempotent per metric and minute), new alerts (idempotent per id),
/// the full set of materialised summaries (replacing the previous set), the collector status, and what to prune.
/// </summary>
public sealed record TickCommit(
    IReadOnlyList<(MetricId Metric, Point Point)> Points,
    IReadOnlyList<Alert> Alerts,
    IReadOnlyList<MetricSummary> Summaries,
    CollectorStatus Status,
    DateTimeOffset PointsCutoff,
    DateTimeOffset AlertsCutoff);
