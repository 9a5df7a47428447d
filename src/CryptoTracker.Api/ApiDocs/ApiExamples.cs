using System.Text.Json;
using System.Text.Json.Nodes;
using CryptoTracker.Api.Http;
using CryptoTracker.Core.Metrics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;

namespace CryptoTracker.Api.ApiDocs;

/// <summary>
/// Parameter descriptions and response examples for the OpenAPI document. Examples are v1 DTOs serialised with the API's
/// own <see cref="ApiJsonContext"/>, so they cannot drift from what the endpoints really send.
/// </summary>
internal static class ApiExamples
{
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime WindowFrom = Now.AddHours(-24);

    private static readonly Dictionary<(ParameterLocation, string), (string Description, string Example)> Parameters = new()
    {
        [(ParameterLocation.Path, "type")] = ($"Metric type: 1 to {MetricId.MaxTypeLength} characters a-z or 0-9 (case-insensitive), such as price or volume.", "price"),
        [(ParameterLocation.Path, "symbol")] = ("Symbol, lower-case base and quote (case-insensitive), such as btcusd.", "btcusd"),
        [(ParameterLocation.Query, "type")] = ("Only metrics of this type, such as price. 404 when no metric of that type is tracked.", "price"),
        [(ParameterLocation.Query, "by")] = ("Ranking criterion: stddev (default: standard deviation, largest first), mean (largest first) or cv (coefficient of variation: stddev ÷ mean, comparable across symbols; largest first).", "stddev"),
        [(ParameterLocation.Query, "since")] = ("Only alerts at or after this ISO-8601 UTC time. Default and limit: the alert retention (7 days).", "2026-11-23T00:00:00Z"),
    };

    private static readonly PointDto Latest = new(Now, 97_412.5);

    private static readonly Dictionary<string, Func<JsonNode?>> Ok = new()
    {
        ["ListMetrics"] = () => Json(new MetricList([
            new MetricListItem("price:btcusd", "price", "btcusd", Latest),
            new MetricListItem("volume:btcusd", "volume", "btcusd", new PointDto(Now, 1843.271)),
        ]), ApiJsonContext.Default.MetricList),
        ["GetMetric"] = () => Json(new MetricDetail("price:btcusd", "price", "btcusd", new WindowDto(WindowFrom, Now),
            new StatsDto(1440, 96_880.31, 412.77, 95_902.1, 97_655.0, 412.77 / 96_880.31), Latest, new RankDto("stddev", 1, 12)), ApiJsonContext.Default.MetricDetail),
        ["GetMetricHistory"] = () => Json(new HistoryDto("price:btcusd", WindowFrom, Now,
            [new PointDto(WindowFrom.AddMinutes(1), 96_120.0), new PointDto(WindowFrom.AddMinutes(2), 96_131.4), Latest]), ApiJsonContext.Default.HistoryDto),
        ["GetMetricRank"] = () => Json(new MetricRankDto("price:btcusd", "stddev", 1, 12), ApiJsonContext.Default.MetricRankDto),
        ["GetMetricMarkets"] = () => Json(new MetricMarketsDto("price:btcusd", "price", "btcusd", Now, [
            new MarketSeriesDto("kraken", "price:btcusd@kraken", Latest, true),
            new MarketSeriesDto("binance", "price:btcusd@binance", new PointDto(Now, 97_431.0), true),
            new MarketSeriesDto("bitstamp", "price:btcusd@bitstamp", new PointDto(Now, 91_020.0), false),
        ], [new MarketOutlierDto("bitstamp", "outlier", 91_020.0, 97_421.75, 0.0657)]), ApiJsonContext.Default.MetricMarketsDto),
        ["GetRanking"] = () => Json(new RankingDto("price", "stddev", [
            new RankingEntryDto("btcusd", 1, 412.77), new RankingEntryDto("ethusd", 2, 31.06), new RankingEntryDto("solusd", 3, 2.41),
        ]), ApiJsonContext.Default.RankingDto),
        ["ListAlerts"] = () => Json(new AlertList([
            new AlertDto("volume:btcusd@20261123T1143Z", "volume:btcusd", "volume", "btcusd", Now.AddMinutes(-17), 9_870.0, 1_790.4, 5.5127, "spike", "spike", 3),
            new AlertDto("price:btcusd@20261123T1152Z~btc-below-80k", "price:btcusd", "price", "btcusd", Now.AddMinutes(-8), 79_950.0, 80_000, 0.999375, "btc-below-80k", "below", 80_000),
            new AlertDto("price:ethusd@20261123T1156Z~eth-move-5", "price:ethusd", "price", "ethusd", Now.AddMinutes(-4), 3_150.0, 3_000.0, 1.05, "eth-move-5", "change", 5),
        ]), ApiJsonContext.Default.AlertList),
        ["ListRules"] = () => Json(new Rules.RuleList([
            new Rules.RuleDto("btc-below-80k", "price:btcusd", "below", 80_000, null, 60, "holding", Now.AddMinutes(-8), Now),
            new Rules.RuleDto("eth-move-5", "price:ethusd", "change", 5, 60, 60, "armed", Now.AddMinutes(-4), Now),
            new Rules.RuleDto("btc-spread-1", "price:btcusd", "spread", 1, null, 30, "armed", null, Now),
        ]), ApiJsonContext.Default.RuleList),
        ["GetHealth"] = () => Json(new HealthDto("ok", Now.AddSeconds(31), Now, [], 24,
            new SourceHealthDto("kraken", Now.AddSeconds(2), null, null, 0, 0),
            new StoreHealthDto("sqlite", Now.AddSeconds(2.4), null, null, 0), null,
            Receivers: [new ReceiverHealthDto("phone", "ntfy", "ok", Now.AddMinutes(-17).AddSeconds(3), null, null, 0, 4)]), ApiJsonContext.Default.HealthDto),
    };

    // What each operation answers with a 400 or a 404: one representative problem each.
    private static readonly Dictionary<string, (string Title, string Detail)> BadRequests = new()
    {
        ["ListMetrics"] = ("Invalid metric type", $"A metric type is 1 to {MetricId.MaxTypeLength} characters a-z or 0-9, such as price or volume."),
        ["GetMetric"] = ("Invalid symbol", $"A symbol is 1 to {MetricId.MaxSymbolLength} characters a-z, 0-9, '.', '-', '_' or '@', such as btcusd."),
        ["GetMetricHistory"] = ("Invalid symbol", $"A symbol is 1 to {MetricId.MaxSymbolLength} characters a-z, 0-9, '.', '-', '_' or '@', such as btcusd."),
        ["GetMetricMarkets"] = ("Invalid symbol", $"A symbol is 1 to {MetricId.MaxSymbolLength} characters a-z, 0-9, '.', '-', '_' or '@', such as btcusd."),
        ["GetMetricRank"] = ("Invalid ranking", "'by' must be stddev, mean or cv."),
        ["GetRanking"] = ("Invalid ranking", "'by' must be stddev, mean or cv."),
        ["ListAlerts"] = ("Invalid time", "'since' must be an ISO-8601 time such as 2026-11-23T12:00:00Z."),
        ["GetHealth"] = ("Unknown query parameter", "This endpoint takes no query parameters."),
        ["ListRules"] = ("Unknown query parameter", "This endpoint takes no query parameters."),
    };

    private static readonly Dictionary<string, string> NotFounds = new()
    {
        ["ListMetrics"] = "No metric of type funding is tracked.",
        ["GetMetric"] = "No metric price:xyzusd is tracked.",
        ["GetMetricHistory"] = "No metric price:xyzusd is tracked.",
        ["GetMetricMarkets"] = "No metric price:xyzusd is tracked.",
        ["GetMetricRank"] = "No metric price:xyzusd is tracked.",
        ["GetRanking"] = "No metric of type funding is tracked.",
    };

    public static void Describe(OpenApiOperation operation)
    {
        foreach (var p in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (p.In is not { } location || p.Name is null || !Parameters.TryGetValue((location, p.Name), out var doc)) continue;
            p.Description ??= doc.Description;
            p.Example ??= JsonValue.Create(doc.Example);
        }
        if (operation.OperationId is not { } id) return;
        if (Ok.TryGetValue(id, out var ok)) SetExample(operation, "200", "application/json", ok());
        if (BadRequests.TryGetValue(id, out var bad))
            SetExample(operation, "400", "application/problem+json",
                Problem(StatusCodes.Status400BadRequest, bad.Title, bad.Detail, "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1"));
        if (NotFounds.TryGetValue(id, out var missing))
            SetExample(operation, "404", "application/problem+json",
                Problem(StatusCodes.Status404NotFound, "Not found", missing, "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5"));
    }

    private static void SetExample(OpenApiOperation operation, string status, string mediaType, JsonNode? example)
    {
        if (operation.Responses?.TryGetValue(status, out var response) == true
            && response.Content?.TryGetValue(mediaType, out var media) == true)
            media.Example = example;
    }

    private static JsonNode? Problem(int status, string title, string detail, string type) =>
        Json(new ProblemDetails { Type = type, Title = title, Status = status, Detail = detail }, ApiJsonContext.Default.ProblemDetails);

    private static JsonNode? Json<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) =>
        JsonSerializer.SerializeToNode(value, info);
}
