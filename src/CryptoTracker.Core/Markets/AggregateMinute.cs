using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Markets;

/// <summary>
/// One minute of several markets combined: the quotes to ingest (per-market <c>type:symbol@market</c> and the plain
/// aggregates <c>type:symbol</c>), which markets each aggregate is made of, and what was refused, per market and reason.
/// </summary>
public sealed record AggregateMinute(
    IReadOnlyList<Quote> Quotes,
    IReadOnlyDictionary<MetricId, IReadOnlyList<string>> Contributors,
    IReadOnlyDictionary<string, RejectionCounts> Rejected,
    IReadOnlyList<OutlierReport> Outliers);
