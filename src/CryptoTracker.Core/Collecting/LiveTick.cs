using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Markets;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using CryptoTracker.Core.Resilience;

namespace CryptoTracker.Core.Collecting;

/// <summary>
/// One live tick: fetch from the source with retries and back-off inside the minute (on the injected clock), ingest,
/// commit, then dispatch the alert outbox. A tick whose fetch failed still commits (with no points), so the failure is
/// visible in health and anything pending is retried. Only the fetch is retried and only its failure is the source's: a
/// store failure is the collector's to report (kept pending, shown as a store error), never a reason to call the exchange
/// again. A final refusal (<see cref="IFinalSourceFailure"/>) is not retried. Used by the in-process loop
/// (<see cref="LiveLoop"/>) and by the Lambda collector role's scheduled event.
/// </summary>
public sealed class LiveTick(IQuoteSource source, Collector collector, TimeProvider clock, RetryPolicy fetchRetry, AlertDelivery? delivery = null)
{
    public string SourceName => source.Name;

    public async Task<LiveTickReport> RunAsync(CancellationToken ct)
    {
        var minute = Minutes.Truncate(clock.GetUtcNow());
        var failures = new List<FetchFailure>();
        IReadOnlyList<Quote>? quotes = null;
        try
        {
            quotes = await fetchRetry.ExecuteAsync((_, c) => source.FetchAsync(c), clock, ct,
                retryable: ex => ex is not IFinalSourceFailure { IsFinal: true },
                onRetry: n => failures.Add(new FetchFailure(n.Attempt, n.Attempts, n.Delay, Describe(n.Error))));
            collector.RecordSourceSuccess();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var error = Describe(ex);
            failures.Add(new FetchFailure(failures.Count + 1, fetchRetry.MaxAttempts, null, error));
            collector.RecordSourceFailure(error);
        }

        var notes = TakeNotes();
        var ingest = await collector.IngestAsync(quotes is null ? [] : [new MinuteQuotes(minute, quotes)], ct);
        var dispatch = delivery is not null && ingest.Committed ? await delivery.DispatchAllAsync(ignoreBackoff: false, ct) : null;
        return new LiveTickReport(minute, source.Name, quotes is not null, failures, ingest, dispatch, notes);
    }

    /// <summary>
    /// Fills the last 24 h when the store is empty and the source can tell its history; null when there was nothing to do.
    /// A failure is reported, never thrown: collection then goes on live only.
    /// </summary>
    public async Task<BackfillReport?> BackfillAsync(CancellationToken ct)
    {
        if (source is not IBackfillSource backfill) return null;
        try
        {
            if (!await collector.IsEmptyAsync(ct)) return null;
            var now = Minutes.Truncate(clock.GetUtcNow());
            var minutes = await backfill.BackfillAsync(now - TrackedMetrics.WindowLength, now.AddMinutes(-1), ct);
            var ingest = await collector.IngestAsync(minutes, ct);
            return new BackfillReport(source.Name, minutes.Count, ingest, null, TakeNotes());
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new BackfillReport(source.Name, 0, null, ex, TakeNotes());
        }
    }

    private IReadOnlyList<MarketNote> TakeNotes() => source is MarketsSource markets ? markets.TakeNotes() : [];

    private static string Describe(Exception ex) => $"{ex.GetType().Name}: {ex.Message}";
}
