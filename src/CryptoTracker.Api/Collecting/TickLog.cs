using CryptoTracker.Api.Configuration;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Markets;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Collecting;

/// <summary>Logs what the live tick and backfill report, and emits the successful-tick metric when Tracker:Collector:EmitMetrics is on.</summary>
/// <param name="interactive">Whether a person runs this process (Tracker:Role=all): a failing fetch then says how to go on without a network.</param>
public sealed class TickLog(ILogger<TickLog> log, IOptions<TrackerOptions> options, TimeProvider clock, MetricsOutput metrics, AlertDelivery? delivery = null, bool interactive = false)
    : ILiveLoopObserver
{
    public void Ticked(LiveTickReport report)
    {
        foreach (var f in report.Failures)
        {
            // Retries inside the minute are detail; the tick's outcome is the one line that matters.
            if (f.RetryIn is { } delay)
                log.LogDebug("Fetch from {Source} failed (attempt {Attempt}/{Attempts}), retrying in {Delay}: {Error}", report.Source, f.Attempt, f.Attempts, delay, f.Error);
            else if (interactive)
                log.LogWarning("No data from {Source}: {Error}. Next try at {Next:HH:mm:ss} UTC. No network? Run with --Tracker:Source=demo",
                    report.Source, f.Error, report.Minute.AddMinutes(1) + options.Value.Collector.TickOffset);
            else
                log.LogError("Tick has no data: {Source} failed {Attempts} times: {Error}", report.Source, f.Attempt, f.Error);
        }
        Notes(report.Notes);
        var ingest = report.Ingest;
        if (ingest.StoreError is not null)
            log.LogError("Tick at {Minute:u} not stored yet ({Error}); it is kept and retried with the next tick", report.Minute, ingest.StoreError);
        else if (report.Succeeded || report.Failures.All(f => f.RetryIn is not null))
            log.LogInformation("Tick at {Minute:u}: {Points} points, {Alerts} alerts, {Rejected} values rejected", report.Minute, ingest.Points, ingest.Alerts.Count, ingest.Rejected);
        Alerts(log, ingest.Alerts);
        if (report.Succeeded && options.Value.Collector.EmitMetrics) SuccessfulTickMetric.Write(metrics.Writer, clock.GetUtcNow(), ingest.Points);
        if (report.Dispatch is { } dispatch) Dispatched(log, dispatch, delivery?.LastError);
    }

    public void Backfilled(BackfillReport report)
    {
        Notes(report.Notes);
        // No stack trace: an unreachable exchange is said once by the first tick, right after, with the next try and a hint.
        if (report.Error is { } error)
            log.Log(error is HttpRequestException { InnerException: System.Net.Sockets.SocketException } ? LogLevel.Debug : LogLevel.Warning,
                "Backfill from {Source} failed ({Error}); collecting live only", report.Source, $"{error.GetType().Name}: {error.Message}");
        else if (report.Ingest is { } ingest)
            log.LogInformation("Backfilled {Minutes} minutes from {Source}: {Points} points, {Alerts} alerts", report.Minutes, report.Source, ingest.Points, ingest.Alerts.Count);
    }

    public void TickFailed(Exception error) => log.LogError(error, "Tick failed unexpectedly");

    internal static void Alerts(ILogger log, IReadOnlyList<Alert> alerts)
    {
        foreach (var alert in alerts)
            // The alert's own wording (AlertMessage, as every channel says it): a rule alert says what held, not "x its average".
            log.LogWarning("ALERT {Alert} at {T:u} ({Id})", AlertMessage.Line(alert), alert.T, alert.Id);
    }

    /// <summary>One run of every delivery channel after a committed tick; failures stay in the outbox for a later tick.</summary>
    internal static void Dispatched(ILogger log, DispatchReport report, string? lastError)
    {
        if (report.Published > 0) log.LogInformation("Delivered {Count} alerts (SNS and receivers)", report.Published);
        if (report.Failed > 0 || !report.Drained)
            log.LogWarning("Alert delivery incomplete: {Failed} failed, {Pending} waiting for a later tick: {Error}",
                report.Failed, report.Pending, lastError);
    }

    private void Notes(IReadOnlyList<MarketNote> notes)
    {
        foreach (var note in notes)
        {
            switch (note)
            {
                case MarketSkipped s:
                    log.LogWarning("Tick at {Minute:u} goes on without {Market}: {Error}", s.Minute, s.Market, s.Error);
                    break;
                case MarketOutlier { Outlier: var o } m:
                    log.LogWarning("{Market} left out of the {Symbol} aggregate at {Minute:u}: price {Price} is {Deviation:P1} from the median {Median}",
                        o.Market, o.Symbol, m.Minute, o.Price, o.Deviation, o.Median);
                    break;
                case MarketBackfillFailed b:
                    log.LogWarning("Backfill from {Market} failed: {Error}", b.Market, b.Error);
                    break;
            }
        }
    }
}
