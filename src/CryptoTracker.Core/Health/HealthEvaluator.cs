using CryptoTracker.Core.Alerts;

namespace CryptoTracker.Core.Health;

/// <summary>
/// Whether the tracker's data can be trusted now: no data yet, the collector stale (no tick for longer than StaleAfter;
/// never for a replay, whose clock stands still), a source failing or answering its latest minute in part, the store
/// unreadable or failing, alert publishing or a receiver failing. Plain rules on <see cref="HealthFacts"/>, no I/O.
/// </summary>
public static class HealthEvaluator
{
    public static HealthReport Evaluate(HealthFacts f)
    {
        var reasons = new List<string>();
        var status = f.Collector?.Status;
        var source = status?.Source;
        if (f.StoreReadError is not null) reasons.Add($"store unreadable: {f.StoreReadError}");
        if (status is not null)
        {
            if (status.LastTick is null) reasons.Add("no data collected yet");
            else if (!f.IsReplay && f.Now - status.LastTick > f.StaleAfter)
                reasons.Add($"collector stale: last tick {status.LastTick:u}, more than {f.StaleAfter.TotalMinutes:0.#} min ago");
            // With several markets each one reports for itself (below); the collector's source is then all of them at once.
            if (f.Markets is null && source is { ConsecutiveFailures: > 0 })
                reasons.Add($"source {source.Name} failing ({source.ConsecutiveFailures}× in a row): {source.LastError}");
        }
        foreach (var m in f.Markets ?? [])
            if (m.ConsecutiveFailures > 0) reasons.Add($"source {m.Name} failing ({m.ConsecutiveFailures}× in a row): {m.LastError}");
        if (f.Collector?.StoreError is { } storeError) reasons.Add($"store failing: {storeError} ({f.Collector.PendingPoints} points waiting)");
        if (f.Publisher is { ConsecutiveFailures: > 0 } p)
            reasons.Add($"alert publishing failing ({p.ConsecutiveFailures}× in a row, {p.Pending} alerts waiting): {p.LastError}");
        foreach (var part in f.Partial ?? [])
            reasons.Add($"source {part.Source} answered in part at {part.Minute:u}: no {part.What} for {part.Missing} of {part.Of} pairs ({part.Reason})");
        foreach (var (name, r) in f.Receivers ?? [])
            if (r.ConsecutiveFailures > 0) reasons.Add($"receiver {name} failing ({r.ConsecutiveFailures}× in a row, {r.Pending} alerts waiting): {r.LastError}");
        return new HealthReport(reasons.Count == 0 ? "ok" : "degraded", reasons);
    }

    /// <summary>A receiver's or the publisher's state: failing after a failed run, unknown before its first run, else ok.</summary>
    public static string ChannelState(PublisherHealth h) => h.ConsecutiveFailures > 0 ? "failing" : h.LastRun is null ? "unknown" : "ok";

    /// <summary>One source's state: failing while its last attempt failed, ok once it answered, unknown before either.</summary>
    public static string SourceState(int consecutiveFailures, DateTimeOffset? lastSuccess, DateTimeOffset? lastFailure) =>
        consecutiveFailures > 0 ? "failing" : lastSuccess is not null ? "ok" : lastFailure is not null ? "failing" : "unknown";
}
