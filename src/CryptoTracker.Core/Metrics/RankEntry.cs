namespace CryptoTracker.Core.Metrics;

public sealed record RankEntry(MetricId Metric, int Rank, double Value);
