using CryptoTracker.Api.Http;
using CryptoTracker.Api.Reading;
using CryptoTracker.Core;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CryptoTracker.Api.Metrics;

public static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder routes)
    {
        var metrics = routes.MapGroup("/v1/metrics").WithTags("Metrics")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        metrics.MapGet("/", List).AllowQuery("type").WithName("ListMetrics").WithSummary("Tracked metrics with their latest value")
            .WithDescription("Every metric with at least one point in the last 24 h, ordered by type then symbol. " +
                "With ?type= only that type's metrics: 400 for a malformed type, 404 when none of that type is tracked.");
        metrics.MapGet("/{type}/{symbol}", Detail).AllowQuery().WithName("GetMetric").WithSummary("24 h statistics and volatility rank of one metric")
            .WithDescription("Count, mean, standard deviation (null with a single point), min, max and coefficient of variation " +
                "(cv = stddev ÷ mean as a fraction, 0.0123 = 1.23 %; null with a single point or a mean ≤ 0) of the points in the window " +
                "now − 24 h < t ≤ now, the latest point, and the metric's rank by standard deviation among metrics of its type " +
                "(1 = most volatile). 400 for a malformed type or symbol, 404 when the metric is not tracked.");
        metrics.MapGet("/{type}/{symbol}/history", History).AllowQuery().WithName("GetMetricHistory").WithSummary("The metric's points of the last 24 h, oldest first")
            .WithDescription("One point per minute collected (gaps where the source had no value). 400 for a malformed type or " +
                "symbol, 404 when the metric is not tracked.");
        metrics.MapGet("/{type}/{symbol}/markets", Markets.MarketsEndpoints.Get).AllowQuery().WithName("GetMetricMarkets")
            .WithSummary("The per-market series behind an aggregate, and which markets made its last value")
            .WithDescription("With several sources (Tracker:Sources), a plain metric such as price:btcusd is the cross-market aggregate " +
                "(mean price, summed volume) of the per-market series price:btcusd@kraken, …: this lists those series, whether each " +
                "contributed to the aggregate's last value, and the markets left out as outliers. 400 for a malformed type or symbol, " +
                "404 when the metric is not tracked.");
        metrics.MapGet("/{type}/{symbol}/rank", Rank).AllowQuery("by").WithName("GetMetricRank").WithSummary("The metric's rank among metrics of its type")
            .WithDescription("Competition ranking (ties share a rank), largest value first, by standard deviation (default), " +
                "mean or coefficient of variation (cv). Rank is null when the metric has no value to rank by (a single point; for cv " +
                "also a mean ≤ 0), and total counts only the metrics that have one. 400 for a malformed type, " +
                "symbol or 'by', 404 when the metric is not tracked.");

        routes.MapGet("/v1/rankings/{type}", Ranking).AllowQuery("by").WithTags("Metrics").WithName("GetRanking")
            .WithSummary("All metrics of a type ranked by standard deviation (or mean, or coefficient of variation)")
            .WithDescription("Entries ordered by rank (1 = largest); metrics without a value to rank by (no standard deviation; " +
                "for cv also a mean ≤ 0) are left out. 400 for a malformed type or 'by', 404 when no metric of the type is tracked.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    internal static async Task<Results<JsonOk<MetricList>, ProblemHttpResult>> List(
        string? type, MetricReader reader, CancellationToken ct)
    {
        var view = await reader.GetAsync(ct);
        IEnumerable<MetricSummary> selected = view.All;
        string? t = null;
        if (type is not null)
        {
            t = Problems.Type(type, out var problem);
            if (t is null) return problem!;
            if (!view.ByType.TryGetValue(t, out var ofType)) return Problems.NotFound($"No metric of type {t} is tracked.");
            selected = ofType;
        }
        var json = await view.Responses.GetOrAddAsync($"list:{t}", () => ValueTask.FromResult(new MetricList(selected
            .Select(s => new MetricListItem(s.Id.ToString(), s.Id.Type, s.Id.Symbol, PointDto.From(s.Latest))).ToList())),
            ApiJsonContext.Default.MetricList);
        return new JsonOk<MetricList>(json);
    }

    internal static async Task<Results<Ok<MetricDetail>, ProblemHttpResult>> Detail(string type, string symbol, MetricReader reader, CancellationToken ct)
    {
        var (_, summary, problem) = await Find(type, symbol, reader, ct);
        if (summary is null) return problem!;
        var s = summary.Stats;
        return TypedResults.Ok(new MetricDetail(
            summary.Id.ToString(), summary.Id.Type, summary.Id.Symbol,
            new WindowDto(summary.WindowFrom.UtcDateTime, summary.WindowTo.UtcDateTime),
            new StatsDto(s.Count, s.Mean, s.StdDev, s.Min, s.Max, s.Cv),
            PointDto.From(summary.Latest),
            new RankDto(RankBy.StdDev.ToName(), summary.ByStdDev.Rank, summary.ByStdDev.Total)));
    }

    internal static async Task<Results<JsonOk<HistoryDto>, ProblemHttpResult>> History(
        string type, string symbol, MetricReader reader, IMetricStore store, TimeProvider clock, CancellationToken ct)
    {
        var (view, summary, problem) = await Find(type, symbol, reader, ct);
        if (summary is null) return problem!;
        // Points sit on whole minutes, so the window (now − 24 h, now] holds the same points as (m − 24 h, m] for the
        // current minute m: the answer is stated on that minute and materialised once per minute and tick.
        var now = Minutes.Truncate(clock.GetUtcNow());
        var from = now - TrackedMetrics.WindowLength;
        var json = await view!.Responses.GetOrAddAsync($"history:{summary.Id}:{now.ToUnixTimeSeconds()}", async () =>
        {
            var points = await store.GetHistoryAsync(summary.Id, from, now, ct);
            return new HistoryDto(summary.Id.ToString(), from.UtcDateTime, now.UtcDateTime, points.Select(PointDto.From).ToList());
        }, ApiJsonContext.Default.HistoryDto);
        return new JsonOk<HistoryDto>(json);
    }

    internal static async Task<Results<Ok<MetricRankDto>, ProblemHttpResult>> Rank(
        string type, string symbol, string? by, MetricReader reader, CancellationToken ct)
    {
        var rankBy = Problems.By(by, out var byProblem);
        if (rankBy is null) return byProblem!;
        var (_, summary, problem) = await Find(type, symbol, reader, ct);
        if (summary is null) return problem!;
        var place = summary.Place(rankBy.Value);
        return TypedResults.Ok(new MetricRankDto(summary.Id.ToString(), rankBy.Value.ToName(), place.Rank, place.Total));
    }

    internal static async Task<Results<JsonOk<RankingDto>, ProblemHttpResult>> Ranking(string type, string? by, MetricReader reader, CancellationToken ct)
    {
        var t = Problems.Type(type, out var problem);
        if (t is null) return problem!;
        var rankBy = Problems.By(by, out var byProblem);
        if (rankBy is null) return byProblem!;
        var view = await reader.GetAsync(ct);
        if (!view.ByType.ContainsKey(t)) return Problems.NotFound($"No metric of type {t} is tracked.");
        var b = rankBy.Value;
        var json = await view.Responses.GetOrAddAsync($"ranking:{t}:{b.ToName()}", () => ValueTask.FromResult(new RankingDto(t, b.ToName(),
            view.Ranking(t, b).Select(s => new RankingEntryDto(s.Id.Symbol, s.Place(b).Rank!.Value, s.Value(b)!.Value)).ToList())),
            ApiJsonContext.Default.RankingDto);
        return new JsonOk<RankingDto>(json);
    }

    private static async Task<(MarketView? View, MetricSummary? Summary, ProblemHttpResult? Problem)> Find(
        string type, string symbol, MetricReader reader, CancellationToken ct)
    {
        var id = Problems.Metric(type, symbol, out var problem);
        if (id is null) return (null, null, problem);
        var view = await reader.GetAsync(ct);
        return view.ById.TryGetValue(id.Value, out var summary) ? (view, summary, null) : (view, null, NotTracked(view, id.Value));
    }

    private static ProblemHttpResult NotTracked(MarketView view, MetricId id) =>
        Problems.NotFound(view.ByType.ContainsKey(id.Type) ? $"No metric {id} is tracked." : $"No metric of type {id.Type} is tracked.");
}
