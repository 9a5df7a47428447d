namespace CryptoTracker.Core.Metrics;

/// <summary>A metric's place: <see cref="Rank"/> is null when the metric has no value to rank by (fewer than two points for stddev; for cv also a mean ≤ 0).</summary>
public sealed record RankPlace(int? Rank, int Total);
