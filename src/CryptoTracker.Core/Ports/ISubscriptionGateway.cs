namespace CryptoTracker.Core.Ports;

/// <summary>Subscribes and unsubscribes people to the alerts. There is deliberately no way to list subscribers.</summary>
public interface ISubscriptionGateway
{
    /// <param name="filter">Only alerts it matches reach the subscriber (<see cref="SubscriptionFilter.Everything"/>: all alerts).</param>
    Task<SubscriptionOutcome> SubscribeAsync(SubscriptionProtocol protocol, string endpoint, SubscriptionFilter filter, CancellationToken ct);

    Task UnsubscribeAsync(string subscriptionId, CancellationToken ct);
}
