namespace CryptoTracker.Core.Alerts.Rules;

/// <summary>What an alert's condition was: the values of its <c>kind</c> field and SNS message attribute.</summary>
public static class AlertKind
{
    public const string Spike = "spike";
    public const string Above = "above";
    public const string Below = "below";
    public const string Change = "change";
    public const string Spread = "spread";

    /// <summary>The built-in rule's name: the 3× last-hour spike.</summary>
    public const string SpikeRuleName = "spike";
}
