using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Alerts.Rules;

/// <summary>
/// What a rule tests at each new point of a metric: one of the five kinds (see <see cref="AlertKind"/>). Every kind is a
/// record of its settings with one <see cref="Check"/>; the rule's edge, re-arm and cooldown are the same for all (see
/// <see cref="RuleBook"/>). A new kind is a new record here, a case in <see cref="AlertKind"/>'s table and in
/// <see cref="AlertMessage"/>'s, and its key in <see cref="AlertRuleDefinitions"/>.
/// </summary>
public abstract record RuleCondition
{
    /// <summary>The value of the alert's <c>kind</c>: <c>spike</c>, <c>above</c>, <c>below</c>, <c>change</c> or <c>spread</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>The rule's configured number, carried by its alerts: the multiplier, the level or the percentage.</summary>
    public abstract double Threshold { get; }

    /// <summary>Minutes of history before the point that the check reads (0: none).</summary>
    public virtual TimeSpan Lookback => TimeSpan.Zero;

    /// <summary>Whether the check needs the markets' prices behind an aggregate (<see cref="MarketSpread"/>).</summary>
    public virtual bool NeedsSpread => false;

    /// <summary>
    /// Evaluates the condition for <paramref name="value"/> at <paramref name="t"/>. <paramref name="before"/> holds the metric's
    /// points before t (not t itself); <paramref name="spread"/> the markets' prices behind an aggregate at t, when known.
    /// </summary>
    public abstract RuleCheck Check(MetricWindow before, DateTimeOffset t, double value, MarketSpread? spread);
}

/// <summary>
/// The outcome of a condition for one new point. <see cref="Reference"/> is what the value was compared with (the mean of the
/// window, the level, the value Window minutes earlier, the lowest market price) and <see cref="Ratio"/> value ÷ reference
/// (highest ÷ lowest market price for a spread); both are NaN when there was nothing to compare with.
/// </summary>
public readonly record struct RuleCheck(bool Holds, double Reference, double Ratio)
{
    public static RuleCheck Nothing => new(false, double.NaN, double.NaN);
}

/// <summary>
/// v &gt; Multiplier × mean(W), where W are the metric's points with t − Window ≤ p.t &lt; t, at least MinPoints of them, and
/// mean(W) &gt; 0.
/// </summary>
public sealed record SpikeCondition(double Multiplier, TimeSpan Window, int MinPoints) : RuleCondition
{
    public override string Kind => AlertKind.Spike;
    public override double Threshold => Multiplier;
    public override TimeSpan Lookback => Window;

    public override RuleCheck Check(MetricWindow before, DateTimeOffset t, double value, MarketSpread? spread)
    {
        var (count, average) = before.MeanBetween(t - Window, t);
        return new RuleCheck(count >= MinPoints && average > 0 && value > Multiplier * average, average, value / average);
    }
}

/// <summary>v &gt; Level.</summary>
public sealed record AboveCondition(double Level) : RuleCondition
{
    public override string Kind => AlertKind.Above;
    public override double Threshold => Level;

    public override RuleCheck Check(MetricWindow before, DateTimeOffset t, double value, MarketSpread? spread) =>
        new(value > Level, Level, value / Level);
}

/// <summary>v &lt; Level.</summary>
public sealed record BelowCondition(double Level) : RuleCondition
{
    public override string Kind => AlertKind.Below;
    public override double Threshold => Level;

    public override RuleCheck Check(MetricWindow before, DateTimeOffset t, double value, MarketSpread? spread) =>
        new(value < Level, Level, value / Level);
}

/// <summary>|v(t) ÷ v(t − Window) − 1| × 100 ≥ Percent, where v(t − Window) is the newest point at or before t − Window.</summary>
public sealed record ChangeCondition(double Percent, TimeSpan Window) : RuleCondition
{
    public override string Kind => AlertKind.Change;
    public override double Threshold => Percent;
    public override TimeSpan Lookback => Window;

    public override RuleCheck Check(MetricWindow before, DateTimeOffset t, double value, MarketSpread? spread)
    {
        // None (a gap, or just started): no alert.
        if (before.LatestAtOrBefore(t - Window) is not { } then || !(then.V > 0)) return RuleCheck.Nothing;
        var ratio = value / then.V;
        return new RuleCheck(Math.Abs(ratio - 1) * 100 >= Percent, then.V, ratio);
    }
}

/// <summary>(max − min) ÷ min × 100 ≥ Percent over the markets' prices that made the aggregate at that minute.</summary>
public sealed record SpreadCondition(double Percent) : RuleCondition
{
    public override string Kind => AlertKind.Spread;
    public override double Threshold => Percent;
    public override bool NeedsSpread => true;

    public override RuleCheck Check(MetricWindow before, DateTimeOffset t, double value, MarketSpread? spread) =>
        spread is { } s ? new RuleCheck(s.Percent >= Percent, s.Min, s.Max / s.Min) : RuleCheck.Nothing;
}
