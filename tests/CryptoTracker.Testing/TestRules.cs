using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Testing;

/// <summary>Operator rules as tests name them: a kind, its number, and (for change) a window in minutes.</summary>
public static class TestRules
{
    public static AlertRule Of(string name, MetricId metric, string kind, double threshold, int window = 60, int cooldown = 60) =>
        new(name, metric, kind switch
        {
            AlertKind.Above => new AboveCondition(threshold),
            AlertKind.Below => new BelowCondition(threshold),
            AlertKind.Change => new ChangeCondition(threshold, TimeSpan.FromMinutes(window)),
            AlertKind.Spread => new SpreadCondition(threshold),
            _ => throw new ArgumentException($"No rule kind '{kind}'.", nameof(kind)),
        }, TimeSpan.FromMinutes(cooldown));
}
