using CryptoTracker.Api.Alerts;
using CryptoTracker.Api.Collecting;
using CryptoTracker.Api.Configuration;
using CryptoTracker.Api.Http;
using CryptoTracker.Api.Markets;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Health;
using CryptoTracker.Core.Markets;
using CryptoTracker.Core.Ports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Health;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/health", Get).AllowQuery().WithTags("Health").WithName("GetHealth")
            .WithSummary("Whether data is fresh: the last tick, the source's last success and error, the store's state")
            .WithDescription("status is ok, or degraded with the reasons: no data yet, the collector stale (no tick for longer " +
                "than Tracker:Collector:StaleAfter), the source failing or answering its latest minute in part (e.g. Kraken minute volumes missing for some pairs), the store failing. Always 200 when asked plainly: the body says what is wrong. " +
                "replayFinished is present only with the replay source. Errors are named by kind (timeout, access denied, HTTP 503, …); the full messages are in the logs. Where the collector runs: publisher (SNS) and receivers " +
                "(each configured receiver: name, type, status ok|failing|unknown, lastSuccess, lastFailure, a generic lastError, pending, " +
                "delivered); a failing receiver or failing publishing makes the status degraded with a reason naming it. 400 only for a query parameter (it takes none).")
            .Produces<HealthDto>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status400BadRequest);
        return routes;
    }

    internal static async Task<IResult> Get(IMetricStore store, TimeProvider clock, IOptions<TrackerOptions> options,
        [FromServices] LocalCollector? local, CancellationToken ct)
    {
        var o = options.Value;
        // Only the collecting process knows its collector, publisher and markets; the others read what the collector stored.
        var publisher = local?.Delivery.Sns?.Health;
        var receivers = local?.Receivers;
        var board = local?.Board;
        CollectorHealth health;
        if (local is not null) health = local.Collector.Health;
        else
        {
            CollectorStatus? status;
            try { status = await store.GetStatusAsync(ct); }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return TypedResults.Ok(Build(o, clock.GetUtcNow(), null, PublicReason.Of($"{ex.GetType().Name}: {ex.Message}"), publisher, receivers: receivers));
            }
            health = new CollectorHealth(status ?? new CollectorStatus(null, null, 0, new SourceStatus(o.Source.Name(), null, null, null, 0, 0), null), null, null, 0, 0);
        }
        return TypedResults.Ok(Build(o, clock.GetUtcNow(), health, null, publisher, board, receivers,
            local?.PartialSources.Select(s => s.LastPartial).OfType<PartialAnswer>().ToList()));
    }

    internal static HealthDto Build(TrackerOptions o, DateTimeOffset now, CollectorHealth? health, string? storeReadError,
        PublisherHealth? publisher = null, MarketBoard? board = null, ReceiverChannels? receivers = null, IReadOnlyList<PartialAnswer>? partial = null)
    {
        // Public text names failures by kind only (PublicReason); the raw messages stay in the logs.
        if (health is not null)
            health = health with
            {
                StoreError = PublicReason.Of(health.StoreError),
                Status = health.Status with { Source = health.Status.Source with { LastError = PublicReason.Of(health.Status.Source.LastError) } },
            };
        if (publisher is not null) publisher = publisher with { LastError = PublicReason.Of(publisher.LastError) };
        var status = health?.Status;
        var source = status?.Source;
        var markets = board?.Sources.Select(m => m with { LastError = PublicReason.Of(m.LastError) }).ToList();
        var channels = receivers?.Channels.Select(c => (c.Options.Name!, c.Dispatcher.Health)).ToList();
        var report = HealthEvaluator.Evaluate(new HealthFacts(now, health, storeReadError, publisher, markets, o.Collector.StaleAfter,
            o.Source == TrackerSource.Replay, channels, partial));

        return new HealthDto(
            report.Status,
            now.UtcDateTime,
            status?.LastTick?.UtcDateTime,
            report.Reasons,
            status?.Metrics ?? 0,
            markets is [var primary, ..]
                ? new SourceHealthDto(primary.Name, primary.LastSuccess?.UtcDateTime, primary.LastFailure?.UtcDateTime,
                    primary.LastError, primary.ConsecutiveFailures, primary.Rejected.Total + (source?.RejectedValues ?? 0))
                : new SourceHealthDto(source?.Name ?? o.Source.Name(), source?.LastSuccess?.UtcDateTime, source?.LastFailure?.UtcDateTime,
                    source?.LastError, source?.ConsecutiveFailures ?? 0, source?.RejectedValues ?? 0),
            new StoreHealthDto(o.Store.Name(), status?.LastCommit?.UtcDateTime, health?.StoreError ?? storeReadError, health?.StoreErrorAt?.UtcDateTime, health?.PendingPoints ?? 0),
            o.Source == TrackerSource.Replay ? status?.ReplayFinished ?? false : null,
            publisher is null ? null : new PublisherHealthDto(publisher.LastRun?.UtcDateTime, publisher.LastSuccess?.UtcDateTime, publisher.LastError,
                publisher.LastErrorAt?.UtcDateTime, publisher.ConsecutiveFailures, publisher.Pending, publisher.Published),
            SourcesHealth.Build(markets, source, o),
            ReceiversHealth(receivers));
    }

    /// <summary>Each receiver's state (a failing one is among the reasons, see <see cref="HealthEvaluator"/>).</summary>
    private static List<ReceiverHealthDto>? ReceiversHealth(ReceiverChannels? receivers) =>
        receivers is not { Channels.Count: > 0 } ? null : receivers.Channels.Select(c => new ReceiverHealthDto(
            c.Options.Name!, c.Options.Kind, HealthEvaluator.ChannelState(c.Dispatcher.Health), c.Dispatcher.Health.LastSuccess?.UtcDateTime,
            c.Dispatcher.Health.LastErrorAt?.UtcDateTime, c.Dispatcher.Health.LastError, c.Dispatcher.Health.Pending, c.Dispatcher.Health.Published)).ToList();
}
