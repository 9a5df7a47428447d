namespace CryptoTracker.Core.Alerts.Rules;

/// <summary>What an alert's condition was: the values of its <c>kind</c> field and SNS message attribute.</summary>
public static class AlertKind
{
    public const string Spike = "spike";
    public const string Above = "above";
    public const string Below = "below";
    public const string Change = "change";
    public const string Spread = "spread";

    /// <summary>
    /// Whether the alert's ratio is value ÷ the mean of recent values (a spike), the figure a channel's MinRatio limits and a
    /// webhook's <c>hourMean</c> carries; for the other kinds the ratio compares with a level, an earlier value or a market.
    /// </summary>
    public static bool ComparesWithMean(string kind) => kind == Spike;
}
