using CryptoTracker.Api.Configuration;
using CryptoTracker.Api.Reading;
using CryptoTracker.Core;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Markets;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Rules;

/// <summary>
/// The rules' state for GET /v1/rules. Where the collector runs in this process it is the collector's own state; a
/// read-only process (the api Lambda role) rebuilds it from the store exactly as a restarted collector would: the metric's
/// points before its latest one, the markets' latest prices for a spread, and the rule's kept alerts.
/// </summary>
public sealed class RuleStates(RuleBook book, IMetricStore store, SpikeRule spike, IOptions<TrackerOptions> options, TrackedMetrics tracked)
{
    private readonly TrackedMetrics? _collecting = options.Value.RunsCollector ? tracked : null;

    public async Task<IReadOnlyList<RuleState>> GetAsync(MarketView view, DateTimeOffset now, CancellationToken ct)
    {
        if (_collecting is not null) return _collecting.Rules.States();
        var rules = book.Rules;
        var rebuilt = new RuleBook(rules);
        if (rules.Count == 0) return [];
        foreach (var metric in rules.Select(r => r.Metric).Distinct())
        {
            if (!view.ById.TryGetValue(metric, out var summary)) continue;
            var latest = summary.Latest;
            var before = new MetricWindow();
            if (rules.Any(r => r.Metric == metric && r.Kind == AlertKind.Change))
                foreach (var p in await store.GetHistoryAsync(metric, latest.T - TrackedMetrics.WindowLength, latest.T, ct))
                    if (p.T < latest.T) before.TryAdd(p);
            MarketSpread? spread = null;
            if (rebuilt.NeedsSpread(metric))
                spread = MarketSpread.Of(view.All
                    .Where(s => s.Id.Type == metric.Type && MarketSymbol.Split(s.Id.Symbol) is var (sym, market) && market is not null && sym == metric.Symbol
                                && s.Latest.T == latest.T)
                    .Select(s => s.Latest.V));
            rebuilt.RestoreLatest(metric, before, latest, spread);
        }
        foreach (var alert in await store.GetAlertsAsync(now - spike.Options.Retention, ct))
            if (!alert.IsSpike) rebuilt.RestoreAlert(alert);
        return rebuilt.States();
    }
}
