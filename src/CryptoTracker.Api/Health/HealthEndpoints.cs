using CryptoTracker.Api.Alerts;
using CryptoTracker.Api.Configuration;
using CryptoTracker.Api.Http;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Api.Markets;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Markets;
using CryptoTracker.Core.Ports;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Health;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/health", Get).WithTags("Health").WithName("GetHealth")
            .WithSummary("Whether data is fresh: the last tick, the source's last success and error, the store's state")
            .WithDescription("status is ok, or degraded with the reasons: no data yet, the collector stale (no tick for longer " +
                "than Tracker:Collector:StaleAfter), the source failing, the store failing. Always 200: the body says what is wrong. " +
                "replayFinished is present only with the replay source. Where the collector runs: publisher (SNS) and receivers " +
                "(each configured receiver: name, type, status ok|failing|unknown, lastSuccess, lastFailure, a generic lastError, pending, " +
                "delivered); a failing receiver or failing publishing makes the status degraded with a reason naming it.")
            .Produces<HealthDto>(StatusCodes.Status200OK);
        return routes;
    }

    internal static async Task<IResult> Get(IServiceProvider services, IMetricStore store, TimeProvider clock, IOptions<TrackerOptions> options, CancellationToken ct)
    {
        var o = options.Value;
        var collector = o.RunsCollector ? services.GetService<Collector>() : null;
        var publisher = o.RunsCollector ? services.GetService<AlertDelivery>()?.Sns?.Health : null;
        var receivers = o.RunsCollector ? services.GetService<ReceiverChannels>() : null;
        var board = o.RunsCollector ? services.GetService<MarketBoard>() : null;
        CollectorHealth health;
        if (collector is not null) health = collector.Health;
        else
        {
            CollectorStatus? status;
            try { status = await store.GetStatusAsync(ct); }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return TypedResults.Ok(Build(o, clock.GetUtcNow(), null, $"{ex.GetType().Name}: store unavailable", publisher, receivers: receivers));
            }
            health = new CollectorHealth(status ?? new CollectorStatus(null, null, 0, new SourceStatus(o.Source, null, null, null, 0, 0), null), null, null, 0, 0);
        }
        return TypedResults.Ok(Build(o, clock.GetUtcNow(), health, null, publisher, board, receivers));
    }

    internal static HealthDto Build(TrackerOptions o, DateTimeOffset now, CollectorHealth? health, string? storeReadError,
        PublisherHealth? publisher = null, MarketBoard? board = null, ReceiverChannels? receivers = null)
    {
        var reasons = new List<string>();
        var status = health?.Status;
        var source = status?.Source;
        if (storeReadError is not null) reasons.Add($"store unreadable: {storeReadError}");
        if (status is not null)
        {
            if (status.LastTick is null) reasons.Add("no data collected yet");
            else if (o.Source != "replay" && now - status.LastTick > o.Collector.StaleAfter)
                reasons.Add($"collector stale: last tick {status.LastTick:u}, more than {o.Collector.StaleAfter.TotalMinutes:0.#} min ago");
            // With several markets each one reports for itself (below); the collector's source is then all of them at once.
            if (board is null && source is { ConsecutiveFailures: > 0 })
                reasons.Add($"source {source.Name} failing ({source.ConsecutiveFailures}× in a row): {source.LastError}");
        }
        var markets = board?.Sources;
        foreach (var m in markets ?? [])
            if (m.ConsecutiveFailures > 0) reasons.Add($"source {m.Name} failing ({m.ConsecutiveFailures}× in a row): {m.LastError}");
        if (health?.StoreError is { } storeError) reasons.Add($"store failing: {storeError} ({health.PendingPoints} points waiting)");
        if (publisher is { ConsecutiveFailures: > 0 })
            reasons.Add($"alert publishing failing ({publisher.ConsecutiveFailures}× in a row, {publisher.Pending} alerts waiting): {publisher.LastError}");
        var receiverHealth = ReceiversHealth(receivers, reasons);

        return new HealthDto(
            reasons.Count == 0 ? "ok" : "degraded",
            now.UtcDateTime,
            status?.LastTick?.UtcDateTime,
            reasons,
            status?.Metrics ?? 0,
            markets is [var primary, ..]
                ? new SourceHealthDto(primary.Name, primary.LastSuccess?.UtcDateTime, primary.LastFailure?.UtcDateTime,
                    primary.LastError, primary.ConsecutiveFailures, primary.Rejected.Total + (source?.RejectedValues ?? 0))
                : new SourceHealthDto(source?.Name ?? o.Source, source?.LastSuccess?.UtcDateTime, source?.LastFailure?.UtcDateTime,
                    source?.LastError, source?.ConsecutiveFailures ?? 0, source?.RejectedValues ?? 0),
            new StoreHealthDto(o.Store, status?.LastCommit?.UtcDateTime, health?.StoreError ?? storeReadError, health?.StoreErrorAt?.UtcDateTime, health?.PendingPoints ?? 0),
            o.Source == "replay" ? status?.ReplayFinished ?? false : null,
            publisher is null ? null : new PublisherHealthDto(publisher.LastRun?.UtcDateTime, publisher.LastSuccess?.UtcDateTime, publisher.LastError,
                publisher.LastErrorAt?.UtcDateTime, publisher.ConsecutiveFailures, publisher.Pending, publisher.Published),
            SourcesHealth.Build(markets, source, o),
            receiverHealth);
    }

    /// <summary>Each receiver's state; a failing one makes health degraded with a reason naming it.</summary>
    private static List<ReceiverHealthDto>? ReceiversHealth(ReceiverChannels? receivers, List<string> reasons)
    {
        if (receivers is not { Channels.Count: > 0 }) return null;
        var list = new List<ReceiverHealthDto>(receivers.Channels.Count);
        foreach (var (options, dispatcher) in receivers.Channels)
        {
            var h = dispatcher.Health;
            var status = h.ConsecutiveFailures > 0 ? "failing" : h.LastRun is null ? "unknown" : "ok";
            if (h.ConsecutiveFailures > 0)
                reasons.Add($"receiver {options.Name} failing ({h.ConsecutiveFailures}× in a row, {h.Pending} alerts waiting): {h.LastError}");
            list.Add(new ReceiverHealthDto(options.Name!, options.Kind, status, h.LastSuccess?.UtcDateTime, h.LastErrorAt?.UtcDateTime,
                h.LastError, h.Pending, h.Published));
        }
        return list;
    }
}
