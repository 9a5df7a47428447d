using System.Globalization;
using CryptoTracker.Core.Markets;
using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Alerts.Rules;

/// <summary>Checks the operator's rules (Tracker:Alerts:Rules) and turns them into <see cref="AlertRule"/>s; every problem names its key.</summary>
public static class AlertRuleDefinitions
{
    public const string Key = "Tracker:Alerts:Rules";
    public const int MaxNameLength = 64;

    /// <summary>v(t − Window) must still be in the 24 h the tracker keeps.</summary>
    public const int MaxWindowMinutes = 1439;

    public static bool IsValidName([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? name) =>
        name is { Length: > 0 and <= MaxNameLength } && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-');

    /// <summary>The rules, or the list of problems (each naming its key) when any rule is invalid.</summary>
    public static (IReadOnlyList<AlertRule> Rules, IReadOnlyList<string> Errors) Parse(IReadOnlyList<AlertRuleOptions> options)
    {
        var rules = new List<AlertRule>();
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Count; i++)
        {
            var o = options[i];
            var key = $"{Key}:{i.ToString(CultureInfo.InvariantCulture)}";
            var before = errors.Count;

            if (!IsValidName(o.Name))
                errors.Add($"{key}:Name must be 1-{MaxNameLength} characters a-z, 0-9 and '-', starting with a letter or digit (e.g. btc-below-80k).");
            else if (o.Name == AlertRule.SpikeName)
                errors.Add($"{key}:Name 'spike' is the built-in rule's name; choose another.");
            else if (!names.Add(o.Name))
                errors.Add($"{key}:Name '{o.Name}' is used by an earlier rule; names must be unique.");

            if (!MetricId.TryParse(o.Metric, out var metric))
                errors.Add($"{key}:Metric must be a metric id type:symbol or type:symbol@market (e.g. price:btcusd).");

            var window = TimeSpan.FromMinutes(o.Window ?? (int)AlertRule.DefaultWindow.TotalMinutes);
            var conditions = new (string Name, string Kind, double? Value, Func<double, RuleCondition> Make)[]
            {
                ("Above", AlertKind.Above, o.Above, v => new AboveCondition(v)),
                ("Below", AlertKind.Below, o.Below, v => new BelowCondition(v)),
                ("ChangePercent", AlertKind.Change, o.ChangePercent, v => new ChangeCondition(v, window)),
                ("SpreadPercent", AlertKind.Spread, o.SpreadPercent, v => new SpreadCondition(v)),
            }.Where(c => c.Value is not null).ToList();
            if (conditions.Count != 1)
                errors.Add($"{key} must set exactly one of Above, Below, ChangePercent, SpreadPercent (got {(conditions.Count == 0 ? "none" : string.Join(" and ", conditions.Select(c => c.Name)))}).");
            foreach (var c in conditions.Where(c => !(c.Value > 0) || !double.IsFinite(c.Value!.Value)))
                errors.Add($"{key}:{c.Name} must be a positive number.");

            if (o.Window is { } w && (w < 1 || w > MaxWindowMinutes))
                errors.Add($"{key}:Window must be 1 to {MaxWindowMinutes} minutes.");
            if (o.Window is not null && conditions.Count == 1 && conditions[0].Kind != AlertKind.Change)
                errors.Add($"{key}:Window applies to ChangePercent only.");
            if (o.Cooldown is < 0) errors.Add($"{key}:Cooldown must be 0 or more minutes.");
            if (conditions.Count == 1 && conditions[0].Kind == AlertKind.Spread && metric is { } m && MarketSymbol.Split(m.Symbol).Market is not null)
                errors.Add($"{key}:Metric must be an aggregate (type:symbol, without @market) for SpreadPercent.");

            if (errors.Count == before)
            {
                var c = conditions[0];
                rules.Add(new AlertRule(o.Name!, metric!.Value, c.Make(c.Value!.Value),
                    TimeSpan.FromMinutes(o.Cooldown ?? (int)AlertRule.DefaultCooldown.TotalMinutes)));
            }
        }
        return (rules, errors);
    }
}
