using System.Globalization;
using CryptoTracker.Api.Http;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Ports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CryptoTracker.Api.Alerts;

public static class AlertsEndpoints
{
    public static IEndpointRouteBuilder MapAlerts(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/alerts", List).WithTags("Alerts").WithName("ListAlerts")
            .WithSummary("Spike alerts of the last 7 days (or since a time), oldest first")
            .WithDescription("An alert fires when a new value exceeds 3× the mean of the metric's previous hour (at least 30 " +
                "points), once per spike and at most once an hour per metric. 'ratio' is value / average. 400 for a malformed 'since'.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return routes;
    }

    internal static async Task<Results<Ok<AlertList>, ProblemHttpResult>> List(
        string? since, IMarketStore store, SpikeRule rule, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var after = now - rule.Options.Retention;
        if (since is not null)
        {
            if (since.Length > 64 || !DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var s))
                return Problems.BadRequest("Invalid time", "'since' must be an ISO-8601 time such as 2026-11-23T12:00:00Z.");
            // 'since' is inclusive; the store's bound is exclusive.
            var inclusive = s.AddTicks(-1);
            if (inclusive > after) after = inclusive;
        }
        var alerts = await store.GetAlertsAsync(after, ct);
        return TypedResults.Ok(new AlertList(alerts.Where(a => a.T <= now).Select(AlertDto.From).ToList()));
    }
}
