namespace CryptoTracker.Core.Collecting;

/// <summary>How the source behaved: when it last answered, when and why it last failed, and how many values were refused.</summary>
public sealed record SourceStatus(
    string Name,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? LastFailure,
    string? LastError,
    int ConsecutiveFailures,
    long RejectedValues);
