using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Testing;

/// <summary>Alerts written out as tests expect them, independently of the code that raises them.</summary>
public static class TestAlerts
{
    /// <summary>The documented id: <c>type:symbol@yyyyMMddTHHmmZ</c>, plus <c>~rule</c> for any rule but the spike.</summary>
    public static string Id(MetricId metric, DateTimeOffset t, string? rule = null) =>
        $"{metric}@{t.UtcDateTime:yyyyMMdd'T'HHmm'Z'}" + (rule is null or "spike" ? "" : $"~{rule}");

    /// <summary>A spike alert: value against the hour's mean, ratio value ÷ mean.</summary>
    public static Alert Spike(MetricId metric, DateTimeOffset t, double value, double average) =>
        new(Id(metric, t), metric, t, value, average, value / average);
}
