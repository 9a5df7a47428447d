using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Ports;

/// <summary>Sends one alert to the people subscribed to alerts. Adapter: SNS (CryptoTracker.Sns).</summary>
public interface IAlertPublisher
{
    /// <summary>Returns when the channel accepted the alert; throws <see cref="NotificationException"/> when it did not.</summary>
    Task PublishAsync(Alert alert, CancellationToken ct);
}

public enum SubscriptionProtocol
{
    Email,
    Sms,
}

/// <summary>
/// What the channel said about a new subscription: email waits for the subscriber to confirm (the id is only learned by the
/// subscriber, through the confirmation); SMS is subscribed at once and carries its id.
/// </summary>
public sealed record SubscriptionOutcome(bool PendingConfirmation, string? SubscriptionId);

/// <summary>Subscribes and unsubscribes people to the alerts. There is deliberately no way to list subscribers.</summary>
public interface ISubscriptionGateway
{
    /// <param name="filterMetrics">Only alerts of these metrics reach the subscriber; null or empty means all alerts.</param>
    Task<SubscriptionOutcome> SubscribeAsync(SubscriptionProtocol protocol, string endpoint, IReadOnlyList<MetricId>? filterMetrics, CancellationToken ct);

    Task UnsubscribeAsync(string subscriptionId, CancellationToken ct);
}

/// <summary>
/// The notification channel refused a call or could not be reached. <see cref="Retryable"/> is true for throttling, server
/// errors and timeouts: the same call may succeed later. <see cref="Code"/> is the channel's error code (e.g. SNS's
/// <c>InvalidParameter</c>, <c>FilterPolicyLimitExceeded</c>, <c>Throttling</c>) or Timeout / NetworkError.
/// </summary>
public class NotificationException(string code, string message, bool retryable, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;
    public bool Retryable { get; } = retryable;
}
