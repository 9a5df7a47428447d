using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Alerts;

/// <summary>
/// An alert of a rule on a metric at minute <see cref="T"/>. For the built-in spike rule <see cref="Average"/> is the mean of
/// the hour before <see cref="T"/> and <see cref="Ratio"/> value ÷ average; for an operator rule (<see cref="Rule"/>,
/// <see cref="Kind"/>) <see cref="Average"/> is the reference the value was compared to (the level, the value Window minutes
/// earlier, the lowest market price) and <see cref="Ratio"/> value ÷ reference (highest ÷ lowest price for a spread).
/// </summary>
public sealed record Alert(string Id, MetricId Metric, DateTimeOffset T, double Value, double Average, double Ratio)
{
    /// <summary>The rule's name: <c>spike</c> for the built-in rule, else the configured name.</summary>
    public string Rule { get; init; } = AlertKind.SpikeRuleName;

    /// <summary><c>spike</c>, <c>above</c>, <c>below</c>, <c>change</c> or <c>spread</c>.</summary>
    public string Kind { get; init; } = AlertKind.Spike;

    /// <summary>The rule's configured number: the multiplier (spike), the level (above/below), the percentage (change/spread).</summary>
    public double? Threshold { get; init; }

    public bool IsSpike => Rule == AlertKind.SpikeRuleName;

    /// <summary>
    /// One alert per rule, metric and minute at most, so the id is derived from them: a re-run tick yields the same id. The
    /// spike rule's ids are <c>type:symbol@yyyyMMddTHHmmZ</c>; an operator rule's add <c>~rule</c>.
    /// </summary>
    public static string IdFor(MetricId metric, DateTimeOffset t) => $"{metric}@{t.UtcDateTime:yyyyMMdd'T'HHmm'Z'}";

    public static string IdFor(MetricId metric, DateTimeOffset t, string rule) =>
        rule == AlertKind.SpikeRuleName ? IdFor(metric, t) : $"{IdFor(metric, t)}~{rule}";

    public static Alert Create(MetricId metric, DateTimeOffset t, double value, double average) =>
        new(IdFor(metric, t), metric, t, value, average, value / average);
}
