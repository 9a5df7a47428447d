using System.Diagnostics;
using CryptoTracker.Api.Alerts;
using CryptoTracker.Api.Configuration;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Sources.Replay;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Collecting;

/// <summary>
/// Feeds a CSV file through the collector, moving the app's clock to each replayed minute. At Speed=max minutes are
/// ingested in batches (one commit per batch); with a multiplier k, one minute of data takes 60/k real seconds.
/// When the file ends the clock stays at the last row and the API keeps serving.
/// </summary>
public sealed class ReplayService(
    Collector collector, ReplayClock clock, IOptions<TrackerOptions> options, ILogger<ReplayService> log, AlertDelivery? delivery = null)
    : BackgroundService
{
    private const int MaxBatchMinutes = 240;
    private const int MaxBatchQuotes = 200_000;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        var o = options.Value.Replay;
        var file = o.File!;
        var multiplier = o.Multiplier;
        collector.MarkReplayMode();
        var length = new FileInfo(file).Length;
        log.LogInformation("Replaying {File} ({Size:0.0} MB) at speed {Speed}", file, length / 1e6, o.Speed);

        var watch = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        long minutesDone = 0, pointsDone = 0;
        var batch = new List<MinuteQuotes>();
        var batchQuotes = 0;
        DateTimeOffset? previous = null;
        try
        {
            var position = new System.Runtime.CompilerServices.StrongBox<long>();
            await foreach (var minute in ReplayReader.ReadAsync(file, ct, position))
            {
                if (multiplier is { } k)
                {
                    if (previous is { } p) await Task.Delay(TimeSpan.FromTicks((long)((minute.Minute - p).Ticks / k)), ct);
                    previous = minute.Minute;
                    clock.Set(minute.Minute);
                    pointsDone += (await IngestAsync([minute], ct)).Points;
                    minutesDone++;
                }
                else
                {
                    batch.Add(minute);
                    batchQuotes += minute.Quotes.Count;
                    if (batch.Count >= MaxBatchMinutes || batchQuotes >= MaxBatchQuotes)
                    {
                        clock.Set(batch[^1].Minute);
                        pointsDone += (await IngestAsync(batch, ct)).Points;
                        minutesDone += batch.Count;
                        batch = [];
                        batchQuotes = 0;
                    }
                }
                if (watch.Elapsed - lastReport > TimeSpan.FromSeconds(5))
                {
                    lastReport = watch.Elapsed;
                    var done = length == 0 ? 1 : Math.Clamp((double)position.Value / length, 0, 1);
                    var eta = done > 0 ? TimeSpan.FromSeconds(watch.Elapsed.TotalSeconds * (1 - done) / done) : TimeSpan.Zero;
                    log.LogInformation("Replay: {Done:0.0}% of the file, {Minutes} minutes, {Points} points, {Rate:0} points/s, ETA {Eta:mm\\:ss}, clock {Clock:u}",
                        done * 100, minutesDone, pointsDone, pointsDone / watch.Elapsed.TotalSeconds, eta, clock.GetUtcNow());
                }
            }
            if (batch.Count > 0)
            {
                clock.Set(batch[^1].Minute);
                pointsDone += (await IngestAsync(batch, ct)).Points;
                minutesDone += batch.Count;
            }
        }
        catch (Exception ex) when (ex is ReplayFormatException or IOException)
        {
            // Everything read before the bad line is still stored; the API keeps serving and health says why it stopped.
            log.LogError("Replay stopped: {Error}", ex.Message);
            if (batch.Count > 0) clock.Set(batch[^1].Minute);
            collector.RecordSourceFailure(ex.Message);
            await IngestAsync(batch, ct);
            return;
        }

        // The flag is stored with the last tick; if the store is failing, keep trying so that nothing is dropped.
        while (!await collector.CompleteReplayAsync(ct))
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
        // No more ticks will come to retry what a channel did not take: keep trying every 5 s until every outbox is empty
        // (the replay's clock stands still now, so the channels' back-off on it is set aside).
        while (delivery is not null && !await delivery.DispatchAndLogAsync(log, ct, ignoreBackoff: true))
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
        log.LogInformation("Replay finished: {Minutes} minutes, {Points} points in {Elapsed:0.0} s; clock stays at {Clock:u}",
            minutesDone, pointsDone, watch.Elapsed.TotalSeconds, clock.GetUtcNow());
    }

    private async Task<TickReport> IngestAsync(IReadOnlyList<MinuteQuotes> minutes, CancellationToken ct)
    {
        var report = await collector.IngestAsync(minutes, ct);
        foreach (var alert in report.Alerts)
            log.LogWarning("ALERT {Metric} = {Value} is {Ratio:0.##}× its last-hour average {Average} at {T:u}", alert.Metric, alert.Value, alert.Ratio, alert.Average, alert.T);
        if (report.StoreError is not null)
            log.LogError("Replay batch not stored yet ({Error}); kept and retried with the next batch", report.StoreError);
        else if (delivery is not null)
            await delivery.DispatchAndLogAsync(log, ct);
        return report;
    }
}
