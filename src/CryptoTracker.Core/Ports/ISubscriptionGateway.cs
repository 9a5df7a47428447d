using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Ports;

/// <summary>Subscribes and unsubscribes people to the alerts. There is deliberately no way to list subscribers.</summary>
public interface ISubscriptionGateway
{
    /// <param name="filterMetrics">Only alerts of these metrics reach the subscriber; null or empty means all alerts.</param>
    Task<SubscriptionOutcome> SubscribeAsync(SubscriptionProtocol protocol, string endpoint, IReadOnlyList<MetricId>? filterMetrics, CancellationToken ct);

    Task UnsubscribeAsync(string subscriptionId, CancellationToken ct);
}
