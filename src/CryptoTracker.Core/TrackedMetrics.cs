using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core;

/// <summary>
/// The tracked metrics in memory: each metric's 24 h window, and the alert rules with their state (<see cref="RuleBook"/>).
/// Pure domain: the collector feeds it quotes minute by minute and persists what it returns.
/// </summary>
public sealed class TrackedMetrics(RuleBook rules)
{
    public static readonly TimeSpan WindowLength = TimeSpan.FromHours(24);

    private readonly Dictionary<MetricId, MetricWindow> _windows = [];

    /// <summary>Every alert rule (the spike and the operator's) and its state.</summary>
    public RuleBook Rules { get; } = rules;

    public int MetricCount => _windows.Count;

    public MinuteOutcome Ingest(MinuteQuotes minute)
    {
        var t = Minutes.Truncate(minute.Minute);
        var points = new List<(MetricId, Point)>(minute.Quotes.Count);
        List<Alert>? alerts = null;
        int rejected = 0, duplicates = 0;
        foreach (var quote in minute.Quotes)
        {
            if (!QuoteQuality.IsAcceptable(quote)) { rejected++; continue; }
            if (!_windows.TryGetValue(quote.Metric, out var window)) _windows[quote.Metric] = window = new MetricWindow();
            if (window.Latest is { } latest && latest.T >= t) { duplicates++; continue; }

            Rules.Evaluate(quote.Metric, window, t, quote.Value, quote.Spread, ref alerts);
            var point = new Point(t, quote.Value);
            window.TryAdd(point);
            points.Add((quote.Metric, point));
        }
        return new MinuteOutcome(points, alerts ?? (IReadOnlyList<Alert>)[], rejected, duplicates);
    }

    /// <summary>Rebuilds the windows and the rules' state from stored points (any order) and stored alerts, e.g. after a restart.</summary>
    public void Restore(IEnumerable<(MetricId Metric, Point Point)> points, IEnumerable<Alert> alerts)
    {
        var groups = points.GroupBy(p => p.Metric).ToList();
        foreach (var group in groups)
        {
            if (!_windows.TryGetValue(group.Key, out var window)) _windows[group.Key] = window = new MetricWindow();
            var ordered = group.Select(p => p.Point).OrderBy(p => p.T).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                // Only the newest point's state matters for the next one: evaluate it as it was evaluated live.
                if (i == ordered.Count - 1 && (window.Latest is null || window.Latest.Value.T < ordered[i].T))
                {
                    var spread = Rules.NeedsSpread(group.Key)
                        ? MarketSpread.Behind(group.Key, ordered[i].T, groups.Where(g => MarketSpread.IsMarketOf(g.Key, group.Key)).SelectMany(g => g))
                        : null;
                    Rules.RestoreLatest(group.Key, window, ordered[i], spread);
                }
                window.TryAdd(ordered[i]);
            }
        }
        foreach (var alert in alerts) Rules.RestoreAlert(alert);
    }

    /// <summary>Drops what left the window <c>now − 24 h &lt; t ≤ now</c> and materialises every metric's statistics and ranks.</summary>
    public IReadOnlyList<MetricSummary> Summarize(DateTimeOffset now)
    {
        var from = now - WindowLength;
        var live = new List<(MetricId Id, WindowStats Stats, Point Latest)>(_windows.Count);
        foreach (var (id, window) in _windows)
        {
            window.DropThrough(from);
            if (window.Stats is { } stats && window.Latest is { } latest && latest.T <= now)
                live.Add((id, stats, latest));
        }

        var byStdDev = new Dictionary<MetricId, RankPlace>(live.Count);
        var byMean = new Dictionary<MetricId, RankPlace>(live.Count);
        var byCv = new Dictionary<MetricId, RankPlace>(live.Count);
        foreach (var type in live.GroupBy(m => m.Id.Type))
        {
            var ranked = Place(type.Where(m => m.Stats.StdDev is not null).Select(m => (m.Id, m.Stats.StdDev!.Value)), byStdDev);
            Place(type.Select(m => (m.Id, m.Stats.Mean)), byMean);
            var rankedCv = Place(type.Where(m => m.Stats.Cv is not null).Select(m => (m.Id, m.Stats.Cv!.Value)), byCv);
            // A metric with a single point has no standard deviation (nor cv, nor a cv with a mean ≤ 0): it is listed but
            // not ranked by it, and the total counts only the ranked ones.
            foreach (var m in type)
            {
                byStdDev.TryAdd(m.Id, new RankPlace(null, ranked));
                byCv.TryAdd(m.Id, new RankPlace(null, rankedCv));
            }
        }

        return live
            .Select(m => new MetricSummary(m.Id, from, now, m.Stats, m.Latest, byStdDev[m.Id], byMean[m.Id]) { ByCv = byCv[m.Id] })
            .OrderBy(s => s.Id.Type, StringComparer.Ordinal).ThenBy(s => s.Id.Symbol, StringComparer.Ordinal)
            .ToList();
    }

    private static int Place(IEnumerable<(MetricId, double)> values, Dictionary<MetricId, RankPlace> into)
    {
        var ranked = CompetitionRanking.Rank(values);
        foreach (var entry in ranked) into[entry.Metric] = new RankPlace(entry.Rank, ranked.Count);
        return ranked.Count;
    }
}
