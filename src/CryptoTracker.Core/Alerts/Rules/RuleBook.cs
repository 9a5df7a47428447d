using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Alerts.Rules;

/// <summary>
/// The operator rules and their state, evaluated at each new point of their metric, with the spike rule's semantics: a rule
/// fires when its condition holds and did not hold at the metric's previous point (the first point after start-up counts as
/// "did not hold"), and no alert of that rule was raised in the last Cooldown; it re-arms when the condition stops holding.
/// A restart restores the state from the stored points and alerts, so it neither repeats nor loses an alert. No I/O.
/// </summary>
public sealed class RuleBook
{
    private sealed class State
    {
        public bool Holding;
        public DateTimeOffset? LastFired;
        public DateTimeOffset? LastEvaluated;
    }

    private readonly Lock _lock = new();
    private readonly List<(AlertRule Rule, State State)> _all = [];
    private readonly Dictionary<MetricId, List<(AlertRule Rule, State State)>> _byMetric = [];
    private readonly Dictionary<string, State> _byName = new(StringComparer.Ordinal);

    public RuleBook(IEnumerable<AlertRule> rules)
    {
        foreach (var rule in rules)
        {
            var entry = (rule, new State());
            _all.Add(entry);
            _byName.Add(rule.Name, entry.Item2);
            if (!_byMetric.TryGetValue(rule.Metric, out var list)) _byMetric[rule.Metric] = list = [];
            list.Add(entry);
        }
    }

    public static RuleBook None => new([]);

    public IReadOnlyList<AlertRule> Rules => _all.Select(e => e.Rule).ToList();

    public bool Watches(MetricId metric) => _byMetric.ContainsKey(metric);

    /// <summary>Whether any rule needs the markets' spread of this metric (restore looks it up only then).</summary>
    public bool NeedsSpread(MetricId metric) => _byMetric.TryGetValue(metric, out var list) && list.Exists(e => e.Rule.Kind == AlertKind.Spread);

    /// <summary>Evaluates the metric's rules at a new point (<paramref name="before"/> holds the points before it) and adds their alerts.</summary>
    public void Evaluate(MetricId metric, MetricWindow before, DateTimeOffset t, double value, MarketSpread? spread, List<Alert> alerts)
    {
        if (!_byMetric.TryGetValue(metric, out var list)) return;
        lock (_lock)
        {
            foreach (var (rule, state) in list)
            {
                var check = rule.Check(before, t, value, spread);
                if (check.Holds && !state.Holding && (state.LastFired is null || state.LastFired.Value <= t - rule.Cooldown))
                {
                    alerts.Add(new Alert(Alert.IdFor(metric, t, rule.Name), metric, t, value, check.Reference, check.Ratio)
                    {
                        Rule = rule.Name,
                        Kind = rule.Kind,
                        Threshold = rule.Threshold,
                    });
                    state.LastFired = t;
                }
                state.Holding = check.Holds;
                state.LastEvaluated = t;
            }
        }
    }

    /// <summary>After a restart: the state at the metric's newest stored point, evaluated as it was evaluated live.</summary>
    public void RestoreLatest(MetricId metric, MetricWindow before, Point latest, MarketSpread? spread)
    {
        if (!_byMetric.TryGetValue(metric, out var list)) return;
        lock (_lock)
        {
            foreach (var (rule, state) in list)
            {
                state.Holding = rule.Check(before, latest.T, latest.V, spread).Holds;
                state.LastEvaluated = latest.T;
            }
        }
    }

    /// <summary>After a restart: a stored alert of a rule sets its cooldown (alerts of rules no longer configured are ignored).</summary>
    public void RestoreAlert(Alert alert)
    {
        if (!_byName.TryGetValue(alert.Rule, out var state)) return;
        lock (_lock)
            if (state.LastFired is null || alert.T > state.LastFired) state.LastFired = alert.T;
    }

    public IReadOnlyList<RuleState> States()
    {
        lock (_lock) return _all.Select(e => new RuleState(e.Rule, e.State.Holding, e.State.LastFired, e.State.LastEvaluated)).ToList();
    }
}
