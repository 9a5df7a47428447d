namespace CryptoTracker.Core.Collecting;

/// <summary>The status plus what only the collecting process knows: the store's failures and the points not yet stored.</summary>
public sealed record CollectorHealth(CollectorStatus Status, string? StoreError, DateTimeOffset? StoreErrorAt, int PendingPoints, int PendingAlerts);
