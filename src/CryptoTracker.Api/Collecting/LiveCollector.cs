using CryptoTracker.Api.Alerts;
using CryptoTracker.Api.Configuration;
using CryptoTracker.Core;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Collecting;

/// <summary>
/// One live tick: fetch from the source with retries and back-off inside the minute, then ingest. A tick whose fetch
/// failed still commits (with no points), so the failure is visible in health and anything pending is retried.
/// Used by the in-process loop and by the Lambda collector role's POST /events.
/// </summary>
public sealed class LiveTick(
    IQuoteSource source, Collector collector, TimeProvider clock, IOptions<TrackerOptions> options, ILogger<LiveTick> log, AlertDelivery? delivery = null)
{
    private readonly TrackerOptions.CollectorSection _o = options.Value.Collector;

    public async Task<TickReport> RunAsync(CancellationToken ct)
    {
        var minute = Minutes.Truncate(clock.GetUtcNow());
        var quotes = await FetchWithRetriesAsync(ct);
        // Only the fetch is retried and only its failure is the source's: a store failure is the collector's to report
        // (kept pending, shown as a store error), not a reason to call the exchange again.
        var report = await collector.IngestAsync(quotes is null ? [] : [new MinuteQuotes(minute, quotes)], ct);
        Log(minute, report);
        if (quotes is not null && report.Committed && _o.EmitMetrics) SuccessfulTickMetric.Write(Console.Out, clock.GetUtcNow(), report.Points);
        await DispatchAsync(report, ct);
        return report;
    }

    /// <summary>The source's quotes, or null when every attempt failed (the failure is then recorded for health).</summary>
    private async Task<IReadOnlyList<Quote>?> FetchWithRetriesAsync(CancellationToken ct)
    {
        var delay = _o.FetchRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var quotes = await source.FetchAsync(ct);
                collector.RecordSourceSuccess();
                return quotes;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var message = $"{ex.GetType().Name}: {ex.Message}";
                if (attempt < _o.FetchAttempts)
                {
                    log.LogWarning("Fetch from {Source} failed (attempt {Attempt}/{Attempts}), retrying in {Delay}: {Error}",
                        source.Name, attempt, _o.FetchAttempts, delay, message);
                    await Task.Delay(delay, ct);
                    delay *= 2;
                    continue;
                }
                log.LogError("Tick has no data: {Source} failed {Attempts} times: {Error}", source.Name, attempt, message);
                collector.RecordSourceFailure(message);
                return null;
            }
        }
    }

    private async Task DispatchAsync(TickReport report, CancellationToken ct)
    {
        if (delivery is null || !report.Committed) return;
        await delivery.DispatchAndLogAsync(log, ct);
    }

    private void Log(DateTimeOffset minute, TickReport report)
    {
        if (report.StoreError is not null)
            log.LogError("Tick at {Minute:u} not stored yet ({Error}); it is kept and retried with the next tick", minute, report.StoreError);
        else
            log.LogInformation("Tick at {Minute:u}: {Points} points, {Alerts} alerts, {Rejected} values rejected", minute, report.Points, report.Alerts.Count, report.Rejected);
        foreach (var alert in report.Alerts)
            log.LogWarning("ALERT {Metric} = {Value} is {Ratio:0.##}× its last-hour average {Average} at {T:u}", alert.Metric, alert.Value, alert.Ratio, alert.Average, alert.T);
    }
}

/// <summary>
/// One CloudWatch Embedded Metric Format record per successful tick (fetched and stored). Lambda sends stdout to CloudWatch
/// Logs, which turns such records into metrics; "no SuccessfulTicks for 5 minutes" is the stale-data alarm.
/// </summary>
public static class SuccessfulTickMetric
{
    public const string Namespace = "CryptoTracker";
    public const string Name = "SuccessfulTicks";

    public static void Write(TextWriter output, DateTimeOffset at, int points) =>
        output.WriteLine(
            "{\"_aws\":{\"Timestamp\":" + at.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) +
            ",\"CloudWatchMetrics\":[{\"Namespace\":\"" + Namespace + "\",\"Dimensions\":[[\"Service\"]],\"Metrics\":[" +
            "{\"Name\":\"" + Name + "\",\"Unit\":\"Count\"},{\"Name\":\"PointsStored\",\"Unit\":\"Count\"}]}]}," +
            "\"Service\":\"collector\",\"" + Name + "\":1,\"PointsStored\":" + points.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}");
}

/// <summary>The in-process collector for live sources: backfill an empty store if the source can, tick now, then every minute.</summary>
public sealed class LiveCollectorService(
    LiveTick tick, IQuoteSource source, Collector collector, TimeProvider clock, IOptions<TrackerOptions> options, ILogger<LiveCollectorService> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        var o = options.Value.Collector;
        await BackfillAsync(o, ct);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await tick.RunAsync(ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // Never let one bad tick stop collection.
                log.LogError(ex, "Tick failed unexpectedly");
            }
            var now = clock.GetUtcNow();
            var next = Minutes.Truncate(now).AddMinutes(1) + o.TickOffset;
            await Task.Delay(next - now, clock, ct).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    private async Task BackfillAsync(TrackerOptions.CollectorSection o, CancellationToken ct)
    {
        if (!o.Backfill || source is not IBackfillSource backfill) return;
        try
        {
            if (!await collector.IsEmptyAsync(ct)) return;
            var now = clock.GetUtcNow();
            var minutes = await backfill.BackfillAsync(Minutes.Truncate(now) - TrackedMetrics.WindowLength, Minutes.Truncate(now).AddMinutes(-1), ct);
            var report = await collector.IngestAsync(minutes, ct);
            log.LogInformation("Backfilled {Minutes} minutes from {Source}: {Points} points, {Alerts} alerts", minutes.Count, source.Name, report.Points, report.Alerts.Count);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            log.LogWarning(ex, "Backfill from {Source} failed; collecting live only", source.Name);
        }
    }
}
