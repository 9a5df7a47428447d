using CryptoTracker.Api.Http;
using CryptoTracker.Api.Reading;
using CryptoTracker.Core.Alerts.Rules;

namespace CryptoTracker.Api.Rules;

public static class RulesEndpoints
{
    public static IEndpointRouteBuilder MapRules(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/rules", List).AllowQuery().WithTags("Alerts").WithName("ListRules")
            .WithSummary("The alert rules configured in Tracker:Alerts:Rules, with their state")
            .WithDescription("Each rule watches one metric with one condition (kind above, below, change or spread) and fires " +
                "when the condition starts to hold at a new point of the metric, at most once per cooldown. 'state' is holding " +
                "while the condition held at the metric's latest point (the rule fires again only after it stopped holding), " +
                "else armed. 'window' (minutes) is given for change rules. The built-in spike rule is not listed.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return routes;
    }

    internal static async Task<JsonOk<RuleList>> List(RuleStates states, MetricReader reader, TimeProvider clock, CancellationToken ct)
    {
        var view = await reader.GetAsync(ct);
        var json = await view.Responses.GetOrAddAsync("rules", async () =>
            new RuleList((await states.GetAsync(view.All, clock.GetUtcNow(), ct)).Select(RuleDto.From).ToList()), ApiJsonContext.Default.RuleList);
        return new JsonOk<RuleList>(json);
    }
}
