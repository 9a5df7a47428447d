using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core;

/// <summary>The points, statistics and spike state of one minute's ingest.</summary>
public sealed record MinuteOutcome(IReadOnlyList<(MetricId Metric, Point Point)> Points, IReadOnlyList<Alert> Alerts, int Rejected, int Duplicates);
