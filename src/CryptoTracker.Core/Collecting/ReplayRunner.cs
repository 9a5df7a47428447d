using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Collecting;

/// <summary>
/// Feeds replayed minutes through the collector, moving the app's clock (<see cref="ReplayClock"/>) to each one. Without a
/// multiplier (Speed=max) minutes are ingested in batches, one commit per batch; with a multiplier k, one minute of data
/// takes 60/k seconds of <c>realClock</c>. When the minutes end, the completion is stored (retried while the store fails)
/// and the alert outbox is drained; the replayed clock stays at the last minute. A read error stops the replay: what was
/// read before it is stored, and the error is the source's failure in health. Each batch read counts as the source's success,
/// stamped with the replayed time, so health says when the replay last read a row.
/// </summary>
public sealed class ReplayRunner(Collector collector, ReplayClock replayClock, TimeProvider realClock, AlertDelivery? delivery = null)
{
    public const int MaxBatchMinutes = 240;
    public const int MaxBatchQuotes = 200_000;

    /// <summary>Between attempts to store the completion or drain the outbox once the file is consumed.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(5);

    /// <summary>The replayed time: the last minute ingested.</summary>
    public DateTimeOffset ReplayedNow => replayClock.GetUtcNow();

    /// <summary>The real time one replayed step takes at speed <paramref name="multiplier"/>.</summary>
    public static TimeSpan Pace(DateTimeOffset previous, DateTimeOffset next, double multiplier) =>
        TimeSpan.FromTicks((long)((next - previous).Ticks / multiplier));

    public async Task<ReplayReport> RunAsync(IAsyncEnumerable<MinuteQuotes> minutes, double? multiplier, IReplayObserver observer, CancellationToken ct)
    {
        collector.MarkReplayMode();
        var started = realClock.GetTimestamp();
        var lastProgress = TimeSpan.Zero;
        long minutesDone = 0, pointsDone = 0;
        var batch = new List<MinuteQuotes>();
        var batchQuotes = 0;
        DateTimeOffset? previous = null;

        await using (var reader = minutes.GetAsyncEnumerator(ct))
        {
            while (true)
            {
                MinuteQuotes minute;
                try
                {
                    if (!await reader.MoveNextAsync()) break;
                    minute = reader.Current;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    // Everything read before the bad line is still stored; the API keeps serving and health says why it stopped.
                    if (batch.Count > 0) replayClock.Set(batch[^1].Minute);
                    collector.RecordSourceFailure(ex.Message);
                    await IngestAsync(batch, observer, ct);
                    return new ReplayReport(minutesDone, pointsDone, realClock.GetElapsedTime(started), ex.Message);
                }

                if (multiplier is { } k)
                {
                    if (previous is { } p) await Task.Delay(Pace(p, minute.Minute, k), realClock, ct);
                    previous = minute.Minute;
                    replayClock.Set(minute.Minute);
                    collector.RecordSourceSuccess();
                    pointsDone += (await IngestAsync([minute], observer, ct)).Points;
                    minutesDone++;
                }
                else
                {
                    batch.Add(minute);
                    batchQuotes += minute.Quotes.Count;
                    if (batch.Count >= MaxBatchMinutes || batchQuotes >= MaxBatchQuotes)
                    {
                        replayClock.Set(batch[^1].Minute);
                        collector.RecordSourceSuccess();
                        pointsDone += (await IngestAsync(batch, observer, ct)).Points;
                        minutesDone += batch.Count;
                        batch = [];
                        batchQuotes = 0;
                    }
                }

                var elapsed = realClock.GetElapsedTime(started);
                if (elapsed - lastProgress > ProgressEvery)
                {
                    lastProgress = elapsed;
                    observer.Progress(minutesDone, pointsDone, elapsed, replayClock.GetUtcNow());
                }
            }
        }

        if (batch.Count > 0)
        {
            replayClock.Set(batch[^1].Minute);
            collector.RecordSourceSuccess();
            pointsDone += (await IngestAsync(batch, observer, ct)).Points;
            minutesDone += batch.Count;
        }

        // The flag is stored with the last tick; if the store is failing, keep trying so that nothing is dropped.
        while (!await collector.CompleteReplayAsync(ct))
            await Task.Delay(RetryDelay, realClock, ct);
        // No more ticks will come to retry what a channel did not take: keep trying until every outbox is empty (the replay
        // clock stands still now, so the channels' back-off on it is set aside; the pause is real time).
        while (delivery is not null && !(await DispatchAsync(observer, ct, ignoreBackoff: true)).Drained)
            await Task.Delay(RetryDelay, realClock, ct);
        return new ReplayReport(minutesDone, pointsDone, realClock.GetElapsedTime(started), null);
    }

    private async Task<TickReport> IngestAsync(IReadOnlyList<MinuteQuotes> minutes, IReplayObserver observer, CancellationToken ct)
    {
        var report = await collector.IngestAsync(minutes, ct);
        observer.Ingested(report);
        if (report.StoreError is null && delivery is not null) await DispatchAsync(observer, ct);
        return report;
    }

    private async Task<DispatchReport> DispatchAsync(IReplayObserver observer, CancellationToken ct, bool ignoreBackoff = false)
    {
        var report = await delivery!.DispatchAllAsync(ignoreBackoff, ct);
        observer.Dispatched(report);
        return report;
    }
}
