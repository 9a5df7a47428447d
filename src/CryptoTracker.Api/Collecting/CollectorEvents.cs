using CryptoTracker.Core.Collecting;

namespace CryptoTracker.Api.Collecting;

public static class CollectorEvents
{
    /// <summary>
    /// The Lambda collector role: the AWS Lambda Web Adapter delivers the scheduled event as POST /events. Only mapped in
    /// that role, and API Gateway has no route to it.
    /// </summary>
    public static IEndpointRouteBuilder MapCollectorEvents(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/events", async (LiveTick tick, TickLog log, CancellationToken ct) =>
        {
            var report = await tick.RunAsync(ct);
            log.Ticked(report);
            return report.Committed
                ? Results.Ok()
                : Results.Problem("The tick could not be stored; it will be retried.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }).ExcludeFromDescription();
        return routes;
    }
}
