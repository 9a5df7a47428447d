namespace CryptoTracker.Core.Collecting;

/// <summary>How the source behaved: when it last answered, when and why it last failed, and how many values were refused.</summary>
public sealed record SourceStatus(
    string Name,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? LastFailure,
    string? LastError,
    int ConsecutiveFailures,
    long RejectedValues);

/// <summary>The collector's state as persisted with every commit, so that a process that does not collect can report health.</summary>
public sealed record CollectorStatus(
    DateTimeOffset? LastTick,
    DateTimeOffset? LastCommit,
    int Metrics,
    SourceStatus Source,
    bool? ReplayFinished);

/// <summary>The status plus what only the collecting process knows: the store's failures and the points not yet stored.</summary>
public sealed record CollectorHealth(CollectorStatus Status, string? StoreError, DateTimeOffset? StoreErrorAt, int PendingPoints, int PendingAlerts);
