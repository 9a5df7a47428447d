using CryptoTracker.Api.Collecting;
using CryptoTracker.Api.Configuration;
using CryptoTracker.Api.Http;
using CryptoTracker.Api.Reading;
using CryptoTracker.Core.Markets;
using CryptoTracker.Core.Metrics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CryptoTracker.Api.Markets;

public static class MarketsEndpoints
{
    /// <summary>
    /// GET /v1/metrics/{type}/{symbol}/markets: the per-market series (<c>type:symbol@market</c>) behind the aggregate
    /// <c>type:symbol</c>, each with its latest point, and — when this process collects — whether it contributed to the
    /// last tick's aggregate and which markets were left out as outliers.
    /// </summary>
    internal static async Task<Results<Ok<MetricMarketsDto>, ProblemHttpResult>> Get(
        string type, string symbol, MetricReader reader, [FromServices] LocalCollector? local, CancellationToken ct)
    {
        var id = Problems.Metric(type, symbol, out var problem);
        if (id is null) return problem!;
        if (MarketSymbol.Split(id.Value.Symbol).Market is not null)
            return Problems.NotFound($"{id.Value} is one market's series; ask for the aggregate {id.Value.Type}:{MarketSymbol.Split(id.Value.Symbol).Symbol}.");

        var view = await reader.GetAsync(ct);
        var prefix = id.Value.Symbol + MarketSymbol.Separator;
        var series = view.ByType.TryGetValue(id.Value.Type, out var ofType)
            ? ofType.Where(s => s.Id.Symbol.StartsWith(prefix, StringComparison.Ordinal)).ToList()
            : [];
        if (series.Count == 0 && !view.ById.ContainsKey(id.Value))
            return Problems.NotFound($"No metric {id.Value} is tracked.");

        // Only the collecting process knows who made the last aggregate; a read-only process must not claim "nobody".
        var last = local?.Board?.LastAggregate;
        var contributors = last?.Contributors.GetValueOrDefault(id.Value);
        var markets = series.Select(s =>
        {
            var market = MarketSymbol.Split(s.Id.Symbol).Market!;
            bool? contributed = last is null ? null : contributors?.Contains(market) ?? false;
            return new MarketSeriesDto(market, s.Id.ToString(), PointDto.From(s.Latest), contributed);
        }).ToList();
        var excluded = (last?.Outliers ?? []).Where(o => o.Symbol == id.Value.Symbol)
            .Select(o => new MarketOutlierDto(o.Market, "outlier", o.Price, o.Median, o.Deviation)).ToList();
        return TypedResults.Ok(new MetricMarketsDto(id.Value.ToString(), id.Value.Type, id.Value.Symbol, last?.Minute?.UtcDateTime, markets, excluded));
    }
}
