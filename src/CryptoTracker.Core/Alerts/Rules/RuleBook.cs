using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Alerts.Rules;

/// <summary>
/// Every alert rule (the built-in spike and the operator's) and all their state, evaluated at each new point of a metric
/// with one semantics: a rule fires when its condition holds and did not hold at the metric's previous point (the first
/// point after start-up counts as "did not hold"), and no alert of that rule on that metric was raised in the last Cooldown;
/// it re-arms when the condition stops holding. State is kept per rule and metric. Rules on every metric are evaluated
/// before rules on one, each group in its configured order, so a minute's alerts always come in the same order. A restart
/// restores the state from the stored points and alerts, so it neither repeats nor loses an alert. No I/O.
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
    private readonly AlertRule[] _everyMetric;
    private readonly Dictionary<MetricId, AlertRule[]> _applicable = [];
    // Per metric, one state per rule of Applicable(metric), in that order.
    private readonly Dictionary<MetricId, State[]> _states = [];

    public RuleBook(IEnumerable<AlertRule> rules)
    {
        Rules = rules.ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in Rules)
            if (!names.Add(rule.Name)) throw new ArgumentException($"Two rules are named '{rule.Name}'.", nameof(rules));
        _everyMetric = Rules.Where(r => r.Metric is null).ToArray();
        foreach (var metric in Rules.Select(r => r.Metric).OfType<MetricId>().Distinct())
            _applicable[metric] = [.. _everyMetric, .. Rules.Where(r => r.Metric == metric)];
    }

    /// <summary>The rules in their configured order.</summary>
    public IReadOnlyList<AlertRule> Rules { get; }

    /// <summary>The operator's rules: those on one metric, the ones <c>GET /v1/rules</c> lists.</summary>
    public IEnumerable<AlertRule> MetricRules => Rules.Where(r => r.Metric is not null);

    /// <summary>The rules that watch <paramref name="metric"/>, in evaluation order.</summary>
    public IReadOnlyList<AlertRule> Applicable(MetricId metric) => _applicable.GetValueOrDefault(metric) ?? _everyMetric;

    /// <summary>Whether any rule on the metric needs the markets' spread (restore looks it up only then).</summary>
    public bool NeedsSpread(MetricId metric) => Applicable(metric).Any(r => r.Condition.NeedsSpread);

    /// <summary>Evaluates the metric's rules at a new point (<paramref name="before"/> holds the points before it) and adds their alerts.</summary>
    public void Evaluate(MetricId metric, MetricWindow before, DateTimeOffset t, double value, MarketSpread? spread, ref List<Alert>? alerts)
    {
        var rules = Applicable(metric);
        if (rules.Count == 0) return;
        lock (_lock)
        {
            var states = StatesOf(metric, rules);
            for (var i = 0; i < rules.Count; i++)
            {
                var (rule, state) = (rules[i], states[i]);
                var check = rule.Condition.Check(before, t, value, spread);
                if (check.Holds && !state.Holding && (state.LastFired is null || state.LastFired.Value <= t - rule.Cooldown))
                {
                    (alerts ??= []).Add(rule.Raise(metric, t, value, check));
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
        var rules = Applicable(metric);
        if (rules.Count == 0) return;
        lock (_lock)
        {
            var states = StatesOf(metric, rules);
            for (var i = 0; i < rules.Count; i++)
            {
                states[i].Holding = rules[i].Condition.Check(before, latest.T, latest.V, spread).Holds;
                states[i].LastEvaluated = latest.T;
            }
        }
    }

    /// <summary>After a restart: a stored alert sets its rule's cooldown on its metric (alerts of rules no longer configured are ignored).</summary>
    public void RestoreAlert(Alert alert)
    {
        var rules = Applicable(alert.Metric);
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i].Name != alert.Rule) continue;
            lock (_lock)
            {
                var state = StatesOf(alert.Metric, rules)[i];
                if (state.LastFired is null || alert.T > state.LastFired) state.LastFired = alert.T;
            }
            return;
        }
    }

    /// <summary>The state of every rule on one metric (<see cref="MetricRules"/>), in their configured order.</summary>
    public IReadOnlyList<RuleState> States()
    {
        var list = new List<RuleState>();
        lock (_lock)
            foreach (var rule in MetricRules)
            {
                var metric = rule.Metric!.Value;
                var rules = Applicable(metric);
                var state = _states.TryGetValue(metric, out var states) ? states[IndexOf(rules, rule)] : new State();
                list.Add(new RuleState(rule, state.Holding, state.LastFired, state.LastEvaluated));
            }
        return list;
    }

    private State[] StatesOf(MetricId metric, IReadOnlyList<AlertRule> rules)
    {
        if (_states.TryGetValue(metric, out var states)) return states;
        states = new State[rules.Count];
        for (var i = 0; i < states.Length; i++) states[i] = new State();
        return _states[metric] = states;
    }

    private static int IndexOf(IReadOnlyList<AlertRule> rules, AlertRule rule)
    {
        for (var i = 0; i < rules.Count; i++) if (ReferenceEquals(rules[i], rule)) return i;
        throw new InvalidOperationException($"Rule '{rule.Name}' does not apply to {rule.Metric}.");
    }
}
