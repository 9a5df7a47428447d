namespace CryptoTracker.Core.Alerts;

/// <summary>The spike rule's settings (Tracker:Alerts). Defaults are the rule as specified: 3× the last hour's mean, ≥ 30 points, 60 min cooldown.</summary>
public sealed class SpikeRuleOptions
{
    public double Multiplier { get; set; } = 3.0;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(60);
    public int MinPoints { get; set; } = 30;
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromMinutes(60);
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}
