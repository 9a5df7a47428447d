namespace CryptoTracker.Core.Alerts;

/// <summary>
/// Names of the channels alerts are delivered through; each keeps its own marks in the outbox. SNS is <c>sns</c> (the
/// outbox's original "published" mark), an operator-configured receiver is <c>receiver:&lt;name&gt;</c>.
/// </summary>
public static class AlertChannels
{
    public const string Sns = "sns";
    public const string ReceiverPrefix = "receiver:";

    public static string Receiver(string name) => ReceiverPrefix + name;
}
