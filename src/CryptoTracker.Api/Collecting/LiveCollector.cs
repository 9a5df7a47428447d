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
    IQuoteSource source, Collector collector, TimeProvider clock, IOptions<TrackerOptions> options, ILogger<LiveTick> log, AlertDispatcher? dispatcher = null)
{
    private readonly TrackerOptions.CollectorSection _o = options.Value.Collector;

    public async Task<TickReport> RunAsync(CancellationToken ct)
    {
        var minute = Minutes.Truncate(clock.GetUtcNow());
        var quotes = await FetchWithRetriesAsync(ct);
        // Only the fetch is retried and only its failure is the source's: a store failure is the collector's to report
        // (kept pending, shown as a store error), not a reason to call the exchange again.
        var report = await collector.IngestAsync(quotes is null ? [] : [new MinuteQuotes(minute, quotes)], ct);
        if (quotes is not null || report.StoreError is not null) Log(minute, report);
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
                    // Retries inside the minute are detail; the tick's outcome is the one line that matters (below).
                    log.LogDebug("Fetch from {Source} failed (attempt {Attempt}/{Attempts}), retrying in {Delay}: {Error}",
                        source.Name, attempt, _o.FetchAttempts, delay, message);
                    await Task.Delay(delay, ct);
                    delay *= 2;
                    continue;
                }
                var next = Minutes.Truncate(clock.GetUtcNow()).AddMinutes(1) + _o.TickOffset;
                if (options.Value.Role == "all")
                    log.LogWarning("No data from {Source}: {Error}. Next try at {Next:HH:mm:ss} UTC. No network? Run with --Tracker:Source=demo",
                        source.Name, FetchFailure.Describe(ex), next);
                else
                    log.LogWarning("No data from {Source}: failed {Attempts} times: {Error}", source.Name, attempt, message);
                collector.RecordSourceFailure(message);
                return null;
            }
        }
    }

    private async Task DispatchAsync(TickReport report, CancellationToken ct)
    {
        if (dispatcher is null || !report.Committed) return;
        await dispatcher.DispatchAndLogAsync(log, ct);
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
            // Unreachable: the first tick, right after, says so with the next retry and a hint; one line is enough.
            log.Log(FetchFailure.IsUnreachable(ex) ? LogLevel.Debug : LogLevel.Warning,
                "Backfill from {Source} failed ({Error}); collecting live only", source.Name, FetchFailure.Describe(ex));
        }
    }
}

/// <summary>A fetch failure in a few words for the console: the innermost useful message, never a stack trace.</summary>
public static class FetchFailure
{
    public static bool IsUnreachable(Exception ex) => ex is HttpRequestException { InnerException: System.Net.Sockets.SocketException };

    public static string Describe(Exception ex) => ex switch
    {
        _ when IsUnreachable(ex) => $"cannot connect: {ex.Message}",
        TimeoutException or TaskCanceledException => $"no answer in time ({ex.Message})",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };
}
