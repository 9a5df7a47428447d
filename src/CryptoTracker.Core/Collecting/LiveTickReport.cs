using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Markets;

namespace CryptoTracker.Core.Collecting;

/// <summary>
/// What one live tick did: the minute, the source's failed attempts (empty when the first one answered), whether it got
/// data at all, what the ingest stored, the alert dispatch that followed a commit, and per-market notes. The host logs it.
/// </summary>
public sealed record LiveTickReport(
    DateTimeOffset Minute,
    string Source,
    bool Fetched,
    IReadOnlyList<FetchFailure> Failures,
    TickReport Ingest,
    DispatchReport? Dispatch,
    IReadOnlyList<MarketNote> Notes)
{
    public bool Committed => Ingest.Committed;

    /// <summary>Fetched and stored: what the "successful ticks" metric counts.</summary>
    public bool Succeeded => Fetched && Ingest.Committed;
}
