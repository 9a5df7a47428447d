namespace CryptoTracker.Core.Ports;

/// <summary>
/// What the subscription desk must remember across requests and processes: request counters per client and per destination,
/// pending SMS confirmations (a salted hash of the code, never the code) and the set of destinations subscribed through this
/// tracker (for the global cap). Every operation is atomic in the store, so two processes (or Lambda instances) sharing one
/// store can never together exceed a limit. Adapters: SQLite (CryptoTracker.Sqlite) and DynamoDB (CryptoTracker.DynamoDb).
/// Keys are opaque strings chosen by the caller (hashes, not addresses).
/// </summary>
public interface ISubscriptionLedger
{
    /// <summary>Creates what the ledger needs in the store (idempotent).</summary>
    Task InitializeAsync(CancellationToken ct);

    /// <summary>
    /// Counts one request under <paramref name="key"/> if fewer than <paramref name="limit"/> were counted in the current
    /// window; a window starts with the first request after the previous one ended and lasts <paramref name="window"/>.
    /// Returns false (and counts nothing) when the limit is reached.
    /// </summary>
    Task<bool> TryCountAsync(string key, int limit, TimeSpan window, DateTimeOffset now, CancellationToken ct);

    /// <summary>Stores a pending confirmation, replacing any earlier one of the same destination.</summary>
    Task SavePendingAsync(PendingConfirmation pending, CancellationToken ct);

    /// <summary>
    /// Uses up one attempt of the destination's pending confirmation and returns it with the attempt counted; null when
    /// there is none, it expired (<see cref="PendingConfirmation.ExpiresAt"/> not after <paramref name="now"/>) or all
    /// <paramref name="maxAttempts"/> were used. The attempt is counted before the caller compares the code, so parallel
    /// guesses cannot get more than <paramref name="maxAttempts"/> comparisons.
    /// </summary>
    Task<PendingConfirmation?> TakeAttemptAsync(string destination, int maxAttempts, DateTimeOffset now, CancellationToken ct);

    /// <summary>Removes the pending confirmation if it is still the one with this salt; true when this call removed it.</summary>
    Task<bool> RemovePendingAsync(string destination, string salt, CancellationToken ct);

    /// <summary>
    /// Records the destination as subscribed when fewer than <paramref name="max"/> destinations are. True when it is now
    /// recorded and the total is within the cap; false at the cap, for new and known destinations alike (so the answer does
    /// not tell whether a destination is subscribed).
    /// </summary>
    Task<bool> TryAddSubscriberAsync(string destination, int max, CancellationToken ct);

    /// <summary>How many destinations are recorded as subscribed.</summary>
    Task<int> CountSubscribersAsync(CancellationToken ct);
}

/// <summary>
/// An SMS subscription waiting for its code: the salted hash of the code (<see cref="Subscriptions.ConfirmationCode"/>),
/// the filter asked for (metric ids and rule names; null for any), when it expires and how many codes were tried.
/// </summary>
public sealed record PendingConfirmation(
    string Destination, string Salt, string CodeHash, IReadOnlyList<string>? Metrics, IReadOnlyList<string>? Rules, DateTimeOffset ExpiresAt, int Attempts);
