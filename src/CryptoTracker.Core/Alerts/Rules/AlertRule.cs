using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Alerts.Rules;

/// <summary>A validated operator rule: one condition on one metric (see <see cref="AlertKind"/>).</summary>
public sealed record AlertRule(string Name, MetricId Metric, string Kind, double Threshold, TimeSpan Window, TimeSpan Cooldown)
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(60);
    public static readonly TimeSpan DefaultCooldown = TimeSpan.FromMinutes(60);

    /// <summary>
    /// Evaluates the condition for <paramref name="value"/> at <paramref name="t"/>. <paramref name="before"/> holds the metric's
    /// points before t (not t itself); <paramref name="spread"/> the markets' prices behind an aggregate at t, when known.
    /// </summary>
    public RuleCheck Check(MetricWindow before, DateTimeOffset t, double value, MarketSpread? spread)
    {
        switch (Kind)
        {
            case AlertKind.Above:
                return new RuleCheck(value > Threshold, Threshold, value / Threshold);
            case AlertKind.Below:
                return new RuleCheck(value < Threshold, Threshold, value / Threshold);
            case AlertKind.Change:
                // v(t − Window): the newest point at or before t − Window. None (a gap, or just started): no alert.
                if (before.LatestAtOrBefore(t - Window) is not { } then || !(then.V > 0)) return RuleCheck.Nothing;
                var ratio = value / then.V;
                return new RuleCheck(Math.Abs(ratio - 1) * 100 >= Threshold, then.V, ratio);
            case AlertKind.Spread:
                if (spread is not { } s) return RuleCheck.Nothing;
                return new RuleCheck(s.Percent >= Threshold, s.Min, s.Max / s.Min);
            default:
                return RuleCheck.Nothing;
        }
    }
}
