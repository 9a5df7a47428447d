using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Alerts.Rules;

/// <summary>
/// A validated alert rule: a name, the metric it watches (null: every metric), one condition and a cooldown. The built-in
/// spike rule is <see cref="Spike"/>; the operator's rules come from <see cref="AlertRuleDefinitions.Parse"/>.
/// </summary>
public sealed record AlertRule(string Name, MetricId? Metric, RuleCondition Condition, TimeSpan Cooldown)
{
    /// <summary>The built-in rule's name, and the rule of a stored alert that names none.</summary>
    public const string SpikeName = "spike";

    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(60);
    public static readonly TimeSpan DefaultCooldown = TimeSpan.FromMinutes(60);

    /// <summary>The built-in rule on every metric, as specified: above 3× the last hour's mean, over at least 30 points, once an hour.</summary>
    public static AlertRule Spike(double multiplier = 3.0, TimeSpan? window = null, int minPoints = 30, TimeSpan? cooldown = null) =>
        new(SpikeName, null, new SpikeCondition(multiplier, window ?? DefaultWindow, minPoints), cooldown ?? DefaultCooldown);

    public string Kind => Condition.Kind;

    public double Threshold => Condition.Threshold;

    public bool Watches(MetricId metric) => Metric is not { } m || m == metric;

    /// <summary>
    /// One alert per rule, metric and minute at most, so the id is derived from them and a re-run tick yields the same id:
    /// <c>type:symbol@yyyyMMddTHHmmZ~rule</c>. The spike rule's ids carry no <c>~spike</c> (they are the ids kept since before
    /// rules had names).
    /// </summary>
    public string AlertId(MetricId metric, DateTimeOffset t)
    {
        var id = $"{metric}@{t.UtcDateTime:yyyyMMdd'T'HHmm'Z'}";
        return Name == SpikeName ? id : $"{id}~{Name}";
    }

    public Alert Raise(MetricId metric, DateTimeOffset t, double value, RuleCheck check) =>
        new(AlertId(metric, t), metric, t, value, check.Reference, check.Ratio) { Rule = Name, Kind = Kind, Threshold = Threshold };
}
