using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Markets;
using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core;

/// <summary>
/// The tracked metrics in memory: each metric's 24 h window, spike state and the operator rules' state. Pure domain: the
/// collector feeds it quotes minute by minute and persists what it returns.
/// </summary>
public sealed class TrackedMetrics(SpikeRule rule, RuleBook? rules = null)
{
    public static readonly TimeSpan WindowLength = TimeSpan.FromHours(24);

    private sealed class MetricState
    {
        public MetricWindow Window { get; } = new();
        public bool LastFiring { get; set; }
        public DateTimeOffset? LastAlertAt { get; set; }
    }

    private readonly Dictionary<MetricId, MetricState> _metrics = [];

    public SpikeRule Rule { get; } = rule;

    /// <summary>The operator rules (Tracker:Alerts:Rules) and their state.</summary>
    public RuleBook Rules { get; } = rules ?? RuleBook.None;

    public int MetricCount => _metrics.Count;

    public MinuteOutcome Ingest(MinuteQuotes minute)
    {
        var t = Minutes.Truncate(minute.Minute);
        var points = new List<(MetricId, Point)>(minute.Quotes.Count);
        List<Alert>? alerts = null;
        int rejected = 0, duplicates = 0;
        foreach (var quote in minute.Quotes)
        {
            if (!QuoteQuality.IsAcceptable(quote)) { rejected++; continue; }
            if (!_metrics.TryGetValue(quote.Metric, out var state)) _metrics[quote.Metric] = state = new MetricState();
            if (state.Window.Latest is { } latest && latest.T >= t) { duplicates++; continue; }

            var check = Rule.Check(state.Window, t, quote.Value);
            if (Rule.ShouldAlert(check, state.LastFiring, state.LastAlertAt, t))
            {
                (alerts ??= []).Add(Alert.Create(quote.Metric, t, quote.Value, check.Average) with { Threshold = Rule.Options.Multiplier });
                state.LastAlertAt = t;
            }
            state.LastFiring = check.Firing;
            if (Rules.Watches(quote.Metric)) Rules.Evaluate(quote.Metric, state.Window, t, quote.Value, quote.Spread, alerts ??= []);
            var point = new Point(t, quote.Value);
            state.Window.TryAdd(point);
            points.Add((quote.Metric, point));
        }
        return new MinuteOutcome(points, alerts ?? (IReadOnlyList<Alert>)[], rejected, duplicates);
    }

    /// <summary>Rebuilds the windows and spike state from stored points (any order) and stored alerts, e.g. after a restart.</summary>
    public void Restore(IEnumerable<(MetricId Metric, Point Point)> points, IEnumerable<Alert> alerts)
    {
        var groups = points.GroupBy(p => p.Metric).ToList();
        // A spread rule's last state needs the markets' prices at the aggregate's newest minute: their @market points.
        Dictionary<(string Type, string Symbol, DateTimeOffset T), List<double>>? marketPrices = null;
        if (groups.Any(g => Rules.NeedsSpread(g.Key)))
        {
            marketPrices = [];
            foreach (var group in groups)
            {
                var (symbol, market) = MarketSymbol.Split(group.Key.Symbol);
                if (market is null) continue;
                foreach (var (_, p) in group)
                {
                    if (!marketPrices.TryGetValue((group.Key.Type, symbol, p.T), out var list)) marketPrices[(group.Key.Type, symbol, p.T)] = list = [];
                    list.Add(p.V);
                }
            }
        }
        foreach (var group in groups)
        {
            if (!_metrics.TryGetValue(group.Key, out var state)) _metrics[group.Key] = state = new MetricState();
            var ordered = group.Select(p => p.Point).OrderBy(p => p.T).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                // Only the newest point's firing state matters for the next one: evaluate it as it was evaluated live.
                if (i == ordered.Count - 1 && (state.Window.Latest is null || state.Window.Latest.Value.T < ordered[i].T))
                {
                    state.LastFiring = Rule.Check(state.Window, ordered[i].T, ordered[i].V).Firing;
                    var spread = marketPrices?.GetValueOrDefault((group.Key.Type, group.Key.Symbol, ordered[i].T)) is { } prices ? MarketSpread.Of(prices) : null;
                    Rules.RestoreLatest(group.Key, state.Window, ordered[i], spread);
                }
                state.Window.TryAdd(ordered[i]);
            }
        }
        foreach (var alert in alerts)
        {
            if (!alert.IsSpike)
            {
                Rules.RestoreAlert(alert);
                continue;
            }
            if (!_metrics.TryGetValue(alert.Metric, out var state)) _metrics[alert.Metric] = state = new MetricState();
            if (state.LastAlertAt is null || alert.T > state.LastAlertAt) state.LastAlertAt = alert.T;
        }
    }

    /// <summary>Drops what left the window <c>now − 24 h &lt; t ≤ now</c> and materialises every metric's statistics and ranks.</summary>
    public IReadOnlyList<MetricSummary> Summarize(DateTimeOffset now)
    {
        var from = now - WindowLength;
        var live = new List<(MetricId Id, WindowStats Stats, Point Latest)>(_metrics.Count);
        foreach (var (id, state) in _metrics)
        {
            state.Window.DropThrough(from);
            if (state.Window.Stats is { } stats && state.Window.Latest is { } latest && latest.T <= now)
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
