using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Alerts;

/// <summary>
/// A new value v at t is firing when the metric's points W with t − window ≤ p.t &lt; t number at least MinPoints,
/// mean(W) &gt; 0 and v &gt; multiplier × mean(W). An alert is raised on the edge only: the previous point was not firing and
/// the last alert is at least Cooldown before t.
/// </summary>
public sealed class SpikeRule(SpikeRuleOptions options)
{
    public SpikeRuleOptions Options { get; } = options;

    /// <summary>Evaluates the rule for <paramref name="value"/> at <paramref name="t"/> against the window before it was added.</summary>
    public SpikeCheck Check(MetricWindow window, DateTimeOffset t, double value)
    {
        var (count, average) = window.MeanBetween(t - Options.Window, t);
        var firing = count >= Options.MinPoints && average > 0 && value > Options.Multiplier * average;
        return new SpikeCheck(firing, count, average);
    }

    public bool ShouldAlert(SpikeCheck check, bool previousWasFiring, DateTimeOffset? lastAlertAt, DateTimeOffset t) =>
        check.Firing && !previousWasFiring && (lastAlertAt is null || lastAlertAt.Value <= t - Options.Cooldown);
}
