using System.Globalization;
using CryptoTracker.Api.Http;
using CryptoTracker.Api.Reading;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Alerts;

public static class AlertsEndpoints
{
    public static IEndpointRouteBuilder MapAlerts(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/alerts", List).AllowQuery("since").WithTags("Alerts").WithName("ListAlerts")
            .WithSummary("Alerts of the last 7 days (or since a time), oldest first")
            .WithDescription("The built-in spike rule (rule and kind 'spike') fires when a new value exceeds 3× the mean of the " +
                "metric's previous hour (at least 30 points), once per spike and at most once an hour per metric. The rules of " +
                "GET /v1/rules add alerts of kind above, below, change and spread. 'reference' is what the value was compared " +
                "with: the hour's mean (spike), the level (above, below), the value 'window' minutes earlier (change), the lowest " +
                "market price (spread); 'ratio' is value / reference (highest / lowest for a spread); 'threshold' is the rule's " +
                "number (the multiplier, the level, the percentage). 'average' is an alias of 'reference'. 400 for a malformed " +
                "'since'; a 'since' later than now gives an empty list.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return routes;
    }

    internal static async Task<Results<JsonOk<AlertList>, ProblemHttpResult>> List(
        string? since, IMetricStore store, MetricReader reader, IOptions<AlertsOptions> alerts, TimeProvider clock, CancellationToken ct)
    {
        // Alerts sit on whole minutes, so the question reduces to a range of minutes [from, to]: alerts kept (t > now −
        // retention), at or after 'since', not after now. The answer is materialised per range until the next tick.
        var now = clock.GetUtcNow();
        var to = Minutes.Truncate(now);
        var from = Minutes.Truncate(now - alerts.Value.Retention).AddMinutes(1);
        if (since is not null)
        {
            if (since.Length > 64 || !DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var s))
                return Problems.BadRequest("Invalid time", "'since' must be an ISO-8601 time such as 2026-11-23T12:00:00Z.");
            // A time after now asks for nothing yet (and rounding 9999-12-31T23:59:30Z up would overflow).
            var sinceMinute = s > now ? to.AddMinutes(1) : Minutes.Truncate(s) == s ? s : Minutes.Truncate(s).AddMinutes(1);
            if (sinceMinute > from) from = sinceMinute;
        }
        var view = await reader.GetAsync(ct);
        var json = await view.Responses.GetOrAddAsync($"alerts:{from.ToUnixTimeSeconds()}:{to.ToUnixTimeSeconds()}", async () =>
        {
            var alerts = await store.GetAlertsAsync(from.AddTicks(-1), ct);
            return new AlertList(alerts.Where(a => a.T <= to).Select(AlertDto.From).ToList());
        }, ApiJsonContext.Default.AlertList);
        return new JsonOk<AlertList>(json);
    }
}
