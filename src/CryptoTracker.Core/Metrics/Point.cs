namespace CryptoTracker.Core.Metrics;

/// <summary>One value of a metric at a UTC minute.</summary>
public readonly record struct Point(DateTimeOffset T, double V);
