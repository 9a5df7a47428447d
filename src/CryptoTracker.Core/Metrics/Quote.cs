namespace CryptoTracker.Core.Metrics;

/// <summary>A value a source reported for a metric, before it is stamped with a minute.</summary>
public readonly record struct Quote(MetricId Metric, double Value);
