namespace CryptoTracker.Core.Metrics;

/// <summary>What a metric is ranked by among the metrics of its type.</summary>
public enum RankBy { StdDev, Mean, Cv }
