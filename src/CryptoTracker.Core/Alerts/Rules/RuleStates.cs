using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;

namespace CryptoTracker.Core.Alerts.Rules;

/// <summary>
/// The operator rules' state as <c>GET /v1/rules</c> shows it. Where the collector runs in the process it is the collector's
/// own <see cref="RuleBook"/> (<see cref="Live"/>); a process that does not collect (the api role) rebuilds it from the store
/// (<see cref="Stored"/>) exactly as a restarted collector would: the metric's points before its latest one when a rule
/// looks back, the markets' latest prices for a spread, and the rule's kept alerts.
/// </summary>
public sealed class RuleStates
{
    private readonly Func<IReadOnlyList<MetricSummary>, DateTimeOffset, CancellationToken, Task<IReadOnlyList<RuleState>>> _get;

    private RuleStates(Func<IReadOnlyList<MetricSummary>, DateTimeOffset, CancellationToken, Task<IReadOnlyList<RuleState>>> get) => _get = get;

    public static RuleStates Live(RuleBook book) => new((_, _, _) => Task.FromResult(book.States()));

    public static RuleStates Stored(IEnumerable<AlertRule> rules, IMetricStore store, TimeSpan alertRetention)
    {
        var metricRules = rules.Where(r => r.Metric is not null).ToList();
        return new(async (summaries, now, ct) =>
        {
            if (metricRules.Count == 0) return [];
            var book = new RuleBook(metricRules);
            var byId = summaries.ToDictionary(s => s.Id);
            foreach (var metric in metricRules.Select(r => r.Metric!.Value).Distinct())
            {
                if (!byId.TryGetValue(metric, out var summary)) continue;
                var latest = summary.Latest;
                var before = new MetricWindow();
                if (book.Applicable(metric).Any(r => r.Condition.Lookback > TimeSpan.Zero))
                    foreach (var p in await store.GetHistoryAsync(metric, latest.T - TrackedMetrics.WindowLength, latest.T, ct))
                        if (p.T < latest.T) before.TryAdd(p);
                var spread = book.NeedsSpread(metric) ? MarketSpread.Behind(metric, latest.T, summaries.Select(s => (s.Id, s.Latest))) : null;
                book.RestoreLatest(metric, before, latest, spread);
            }
            foreach (var alert in await store.GetAlertsAsync(now - alertRetention, ct)) book.RestoreAlert(alert);
            return book.States();
        });
    }

    public Task<IReadOnlyList<RuleState>> GetAsync(IReadOnlyList<MetricSummary> summaries, DateTimeOffset now, CancellationToken ct) =>
        _get(summaries, now, ct);
}
