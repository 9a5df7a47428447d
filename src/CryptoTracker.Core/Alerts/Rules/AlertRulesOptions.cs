namespace CryptoTracker.Core.Alerts.Rules;

/// <summary>The list bound from Tracker:Alerts (its Rules key), next to the spike rule's settings.</summary>
public sealed class AlertRulesOptions
{
    public List<AlertRuleOptions> Rules { get; set; } = [];
}
