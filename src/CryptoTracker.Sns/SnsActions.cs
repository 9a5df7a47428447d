namespace CryptoTracker.Sns;

/// <summary>
/// The SNS API actions <see cref="SnsAlertTopic"/> calls, per use: the IAM grants of the deployed functions must be
/// exactly these (the infra tests compare them with the template, the SNS tests with the calls really made).
/// </summary>
public static class SnsActions
{
    /// <summary>The collector: alerts to the topic.</summary>
    public static readonly IReadOnlyList<string> Publisher = ["sns:Publish"];

    /// <summary>The subscriptions function: subscribe to and unsubscribe from the topic.</summary>
    public static readonly IReadOnlyList<string> SubscriptionManager = ["sns:Subscribe", "sns:Unsubscribe"];
}
