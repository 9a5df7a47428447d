using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Collecting;

namespace CryptoTracker.Api.Collecting;

/// <summary>Logs a replay's batches and its progress through the file (<paramref name="position"/> of <paramref name="length"/> bytes).</summary>
public sealed class ReplayLog(ILogger log, Func<long> position, long length, AlertDelivery? delivery) : IReplayObserver
{
    public void Ingested(TickReport report)
    {
        TickLog.Alerts(log, report.Alerts);
        if (report.StoreError is not null)
            log.LogError("Replay batch not stored yet ({Error}); kept and retried with the next batch", report.StoreError);
    }

    public void Dispatched(DispatchReport report) => TickLog.Dispatched(log, report, delivery?.LastError);

    public void Progress(long minutes, long points, TimeSpan elapsed, DateTimeOffset replayedNow)
    {
        var done = length == 0 ? 1 : Math.Clamp((double)position() / length, 0, 1);
        var eta = done > 0 ? TimeSpan.FromSeconds(elapsed.TotalSeconds * (1 - done) / done) : TimeSpan.Zero;
        log.LogInformation("Replay: {Done:0.0}% of the file, {Minutes} minutes, {Points} points, {Rate:0} points/s, ETA {Eta:mm\\:ss}, clock {Clock:u}",
            done * 100, minutes, points, points / Math.Max(elapsed.TotalSeconds, 1e-9), eta, replayedNow);
    }
}
