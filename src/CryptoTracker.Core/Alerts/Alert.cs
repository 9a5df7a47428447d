using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Alerts;

/// <summary>
/// An alert of a rule on a metric at minute <see cref="T"/>: <see cref="Reference"/> is what the value was compared with
/// (the mean of the hour before for a spike, the level, the value Window minutes earlier, the lowest market price) and
/// <see cref="Ratio"/> value ÷ reference (highest ÷ lowest price for a spread). Made by <see cref="AlertRule.Raise"/>.
/// </summary>
public sealed record Alert(string Id, MetricId Metric, DateTimeOffset T, double Value, double Reference, double Ratio)
{
    /// <summary>How long alerts are kept unless Tracker:Alerts:Retention says otherwise.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(7);

    /// <summary>The rule's name (<see cref="AlertRule.SpikeName"/> for the built-in rule).</summary>
    public string Rule { get; init; } = AlertRule.SpikeName;

    /// <summary><c>spike</c>, <c>above</c>, <c>below</c>, <c>change</c> or <c>spread</c> (<see cref="AlertKind"/>).</summary>
    public string Kind { get; init; } = AlertKind.Spike;

    /// <summary>The rule's configured number: the multiplier (spike), the level (above/below), the percentage (change/spread).</summary>
    public double? Threshold { get; init; }
}
