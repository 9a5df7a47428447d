using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Ports;

/// <summary>What a store hands back after a restart: the points still in the window and the alerts still kept.</summary>
public sealed record StoredState(IReadOnlyList<(MetricId Metric, Point Point)> Points, IReadOnlyList<Alert> Alerts);
