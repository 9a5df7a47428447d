namespace CryptoTracker.Core.Alerts;

/// <summary>How publishing went, for health: the last run, the last failure and what is still waiting.</summary>
public sealed record PublisherHealth(
    DateTimeOffset? LastRun,
    DateTimeOffset? LastSuccess,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    int ConsecutiveFailures,
    int Pending,
    long Published);
