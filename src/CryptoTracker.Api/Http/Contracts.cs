using System.Text.Json;
using System.Text.Json.Serialization;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Metrics;
using Microsoft.AspNetCore.Mvc;

namespace CryptoTracker.Api.Http;

// The v1 wire contract. Times are UTC DateTime so that they serialise as ISO-8601 with 'Z'.

public sealed record PointDto(DateTime T, double V)
{
    public static PointDto From(Point p) => new(p.T.UtcDateTime, p.V);
}

public sealed record MetricListItem(string Id, string Type, string Symbol, PointDto Latest);
public sealed record MetricList(IReadOnlyList<MetricListItem> Metrics);

public sealed record WindowDto(DateTime From, DateTime To);
/// <summary>24 h statistics; <c>cv</c> = stddev ÷ mean as a fraction (null below two points or when the mean is not positive).</summary>
public sealed record StatsDto(int Count, double Mean, double? Stddev, double Min, double Max, double? Cv);
public sealed record RankDto(string By, int? Rank, int Total);
public sealed record MetricDetail(string Id, string Type, string Symbol, WindowDto Window, StatsDto Stats, PointDto Latest, RankDto Rank);
public sealed record HistoryDto(string Id, DateTime From, DateTime To, IReadOnlyList<PointDto> Points);
public sealed record MetricRankDto(string Id, string By, int? Rank, int Total);
public sealed record RankingEntryDto(string Symbol, int Rank, double Value);
public sealed record RankingDto(string Type, string By, IReadOnlyList<RankingEntryDto> Entries);

/// <summary>
/// One alert: <c>reference</c> is what the value was compared with and <c>ratio</c> value ÷ reference (see README, Alert rules);
/// <c>average</c> is an alias of <c>reference</c>.
/// </summary>
public sealed record AlertDto(string Id, string Metric, string Type, string Symbol, DateTime T, double Value, double Reference, double Ratio,
    string Rule, string Kind, double? Threshold)
{
    public double Average => Reference;

    public static AlertDto From(Alert a) =>
        new(a.Id, a.Metric.ToString(), a.Metric.Type, a.Metric.Symbol, a.T.UtcDateTime, a.Value, a.Reference, a.Ratio, a.Rule, a.Kind, a.Threshold);
}

public sealed record AlertList(IReadOnlyList<AlertDto> Alerts);

public sealed record SourceHealthDto(string Name, DateTime? LastSuccess, DateTime? LastFailure, string? LastError, int ConsecutiveFailures, long RejectedValues);
public sealed record StoreHealthDto(string Kind, DateTime? LastCommit, string? LastError, DateTime? LastErrorAt, int PendingPoints);

/// <summary>Alert publishing (only where alerts are published: a topic is set and this process collects).</summary>
public sealed record PublisherHealthDto(DateTime? LastRun, DateTime? LastSuccess, string? LastError, DateTime? LastErrorAt, int ConsecutiveFailures, int Pending, long Published);

public sealed record HealthDto(
    string Status,
    DateTime Clock,
    DateTime? LastTick,
    IReadOnlyList<string> Reasons,
    int Metrics,
    SourceHealthDto Source,
    StoreHealthDto Store,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? ReplayFinished,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PublisherHealthDto? Publisher = null,
    IReadOnlyList<MarketSourceHealthDto>? Sources = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ReceiverHealthDto>? Receivers = null);

/// <summary>
/// One configured receiver in /v1/health (where the collector runs and receivers are configured). status: ok, failing (its
/// last run failed), unknown (no run yet). lastError is generic (kind and alert id), never a URL, address or secret.
/// </summary>
public sealed record ReceiverHealthDto(
    string Name, string Type, string Status, DateTime? LastSuccess, DateTime? LastFailure, string? LastError, int Pending, long Delivered);

/// <summary>Values a source gave that were not used, by reason (Markets: outlier, stale, invalid).</summary>
public sealed record RejectedDto(long Outlier, long Stale, long Invalid, long Total);

/// <summary>One live source in /v1/health's <c>sources</c> array (additive; <c>source</c> stays the primary one).</summary>
public sealed record MarketSourceHealthDto(
    string Name, string Status, DateTime? LastSuccess, DateTime? LastFailure, string? LastError, int ConsecutiveFailures, RejectedDto Rejected);

/// <summary>GET /v1/metrics/{type}/{symbol}/markets: the per-market series behind an aggregate and who made its last value.</summary>
public sealed record MetricMarketsDto(string Id, string Type, string Symbol, DateTime? AsOf, IReadOnlyList<MarketSeriesDto> Markets, IReadOnlyList<MarketOutlierDto> Excluded);
public sealed record MarketSeriesDto(string Market, string Id, PointDto Latest, bool? Contributed);
public sealed record MarketOutlierDto(string Market, string Reason, double Price, double Median, double Deviation);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(MetricList))]
[JsonSerializable(typeof(MetricDetail))]
[JsonSerializable(typeof(HistoryDto))]
[JsonSerializable(typeof(MetricRankDto))]
[JsonSerializable(typeof(RankingDto))]
[JsonSerializable(typeof(AlertList))]
[JsonSerializable(typeof(Rules.RuleList))]
[JsonSerializable(typeof(HealthDto))]
[JsonSerializable(typeof(MetricMarketsDto))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
