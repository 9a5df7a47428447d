using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Alerts;

/// <summary>A spike: <see cref="Value"/> exceeded the multiplier times <see cref="Average"/>, the mean of the hour before <see cref="T"/>.</summary>
public sealed record Alert(string Id, MetricId Metric, DateTimeOffset T, double Value, double Average, double Ratio)
{
    /// <summary>One alert per metric and minute at most, so the id is derived from both: a re-run tick yields the same id.</summary>
    public static string IdFor(MetricId metric, DateTimeOffset t) => $"{metric}@{t.UtcDateTime:yyyyMMdd'T'HHmm'Z'}";

    public static Alert Create(MetricId metric, DateTimeOffset t, double value, double average) =>
        new(IdFor(metric, t), metric, t, value, average, value / average);
}
