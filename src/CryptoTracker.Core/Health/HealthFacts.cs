using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Markets;
using CryptoTracker.Core.Ports;

namespace CryptoTracker.Core.Health;

/// <summary>
/// What health is judged from: the collector's state (its own in the collecting process, else the one stored with the
/// last commit), a failure to read that state, the alert publisher's, each receiver's and each market source's record.
/// </summary>
public sealed record HealthFacts(
    DateTimeOffset Now,
    CollectorHealth? Collector,
    string? StoreReadError,
    PublisherHealth? Publisher,
    IReadOnlyList<MarketSourceStatus>? Markets,
    TimeSpan StaleAfter,
    bool IsReplay,
    IReadOnlyList<(string Name, PublisherHealth Health)>? Receivers = null,
    IReadOnlyList<PartialAnswer>? Partial = null);
