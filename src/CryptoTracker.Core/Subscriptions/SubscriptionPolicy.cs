namespace CryptoTracker.Core.Subscriptions;

/// <summary>The limits of <see cref="SubscriptionDesk"/>; the API binds them from Tracker:Subscriptions and Tracker:Alerts.</summary>
public sealed record SubscriptionPolicy
{
    /// <summary>Subscription requests (subscribe, confirm, unsubscribe) per client (IPv4 address or IPv6 /64) and minute.</summary>
    public int PermitsPerClientPerMinute { get; init; } = 5;

    /// <summary>Subscribe requests per email address or phone number per <see cref="DestinationWindow"/> (each SMS one sends a code).</summary>
    public int RequestsPerDestination { get; init; } = 3;

    public TimeSpan DestinationWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Destinations subscribed through this tracker at most (below SNS's per-topic filter-policy quota of 200).</summary>
    public int MaxSubscriptions { get; init; } = 150;

    public TimeSpan CodeLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Wrong codes after which a pending confirmation is void.</summary>
    public int MaxCodeAttempts { get; init; } = 5;

    /// <summary>Names the tracker in the text message, e.g. "CryptoTracker" or the dashboard's host.</summary>
    public string SenderName { get; init; } = "CryptoTracker";
}
