namespace CryptoTracker.Core.Alerts.Rules;

/// <summary>
/// One operator-defined rule as configured (Tracker:Alerts:Rules:N): a name, a metric and exactly one condition.
/// <see cref="AlertRuleDefinitions.Parse"/> validates it and turns it into an <see cref="AlertRule"/>.
/// </summary>
public sealed class AlertRuleOptions
{
    /// <summary>Lower-case letters, digits and '-'; unique; carried by every alert of the rule.</summary>
    public string? Name { get; set; }

    /// <summary><c>type:symbol</c> or <c>type:symbol@market</c>.</summary>
    public string? Metric { get; set; }

    /// <summary>The new value is above this level.</summary>
    public double? Above { get; set; }

    /// <summary>The new value is below this level.</summary>
    public double? Below { get; set; }

    /// <summary>|v(t) ÷ v(t − Window) − 1| × 100 ≥ this percentage.</summary>
    public double? ChangePercent { get; set; }

    /// <summary>(max − min) ÷ min × 100 over the markets' prices that made the aggregate at that minute ≥ this percentage.</summary>
    public double? SpreadPercent { get; set; }

    /// <summary>Minutes between v(t − Window) and v(t), for <see cref="ChangePercent"/>.</summary>
    public int? Window { get; set; }

    /// <summary>Minutes after an alert of this rule during which it raises no other.</summary>
    public int? Cooldown { get; set; }
}
