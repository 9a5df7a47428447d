using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Alerts;

/// <summary>
/// Which alerts a channel wants: metric patterns (<c>price:btcusd</c>, <c>volume:*</c>, <c>*:ethusd</c>; none = every metric),
/// rule names (<c>spike</c>, <c>btc-below-80k</c>; none = every rule) and a minimum ratio to the mean of recent values, for
/// the kinds whose ratio is one (<see cref="AlertKind.ComparesWithMean"/>; other ratios compare with a level or an earlier value). The one place a channel's
/// filter is decided.
/// </summary>
public sealed class AlertFilter
{
    public static readonly AlertFilter All = new(null, null);

    private readonly (string Type, string Symbol)[] _patterns;
    private readonly HashSet<string> _rules;

    public AlertFilter(IReadOnlyList<string>? metrics, double? minRatio, IReadOnlyList<string>? rules = null)
    {
        _rules = new HashSet<string>(rules ?? [], StringComparer.Ordinal);
        _patterns = (metrics ?? []).Select(p => TryParsePattern(p, out var parsed)
            ? parsed : throw new ArgumentException($"'{p}' is not a metric pattern such as price:btcusd or volume:*.", nameof(metrics))).ToArray();
        MinRatio = minRatio;
    }

    public double? MinRatio { get; }

    public bool Matches(Alert alert) =>
        (MinRatio is not { } min || !AlertKind.ComparesWithMean(alert.Kind) || alert.Ratio >= min)
        && (_rules.Count == 0 || _rules.Contains(alert.Rule))
        && (_patterns.Length == 0 || _patterns.Any(p => (p.Type == "*" || p.Type == alert.Metric.Type) && (p.Symbol == "*" || p.Symbol == alert.Metric.Symbol)));

    /// <summary><c>type:symbol</c> where either side may be <c>*</c>; the same ids as <c>GET /v1/metrics</c> lists.</summary>
    public static bool IsValidPattern(string? pattern) => TryParsePattern(pattern, out _);

    private static bool TryParsePattern(string? pattern, out (string Type, string Symbol) parsed)
    {
        parsed = default;
        if (pattern is null) return false;
        var colon = pattern.IndexOf(':');
        if (colon <= 0 || colon == pattern.Length - 1) return false;
        var (type, symbol) = (pattern[..colon], pattern[(colon + 1)..]);
        if (!(type == "*" || MetricId.IsValidType(type)) || !(symbol == "*" || MetricId.IsValidSymbol(symbol))) return false;
        parsed = (type, symbol);
        return true;
    }
}
