namespace CryptoTracker.Core.Ports;

/// <summary>
/// What the channel said about a new subscription: email waits for the subscriber to confirm (the id is only learned by the
/// subscriber, through the confirmation); SMS is subscribed at once and carries its id.
/// </summary>
public sealed record SubscriptionOutcome(bool PendingConfirmation, string? SubscriptionId);
