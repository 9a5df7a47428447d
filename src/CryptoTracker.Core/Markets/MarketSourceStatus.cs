namespace CryptoTracker.Core.Markets;

/// <summary>How one market source behaved: last success and failure, the error, failures in a row, and values refused by reason.</summary>
public sealed record MarketSourceStatus(
    string Name,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? LastFailure,
    string? LastError,
    int ConsecutiveFailures,
    int LastQuotes,
    RejectionCounts Rejected);
