using System.Globalization;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Alerts.Rules;

namespace CryptoTracker.Api.Subscriptions;

/// <summary>
/// The rules a subscription may name: the built-in <c>spike</c> first, then the rules of Tracker:Alerts:Rules in their
/// order, each with its condition in a few words for the dashboard's checkboxes.
/// </summary>
public static class SubscriptionRules
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static IReadOnlyList<RuleChoice> Choices(RuleBook book, SpikeRuleOptions spike) =>
        [new(AlertKind.SpikeRuleName, DescribeSpike(spike)), .. book.Rules.Select(r => new RuleChoice(r.Name, Describe(r)))];

    public static string DescribeSpike(SpikeRuleOptions spike) =>
        $"any metric above {Number(spike.Multiplier)}x its average of the last {Minutes(spike.Window)}";

    public static string Describe(AlertRule rule) => rule.Kind switch
    {
        AlertKind.Above => $"{rule.Metric} above {Number(rule.Threshold)}",
        AlertKind.Below => $"{rule.Metric} below {Number(rule.Threshold)}",
        AlertKind.Change => $"{rule.Metric} moves {Number(rule.Threshold)}% or more within {Minutes(rule.Window)}",
        AlertKind.Spread => $"{rule.Metric}: markets {Number(rule.Threshold)}% or more apart",
        _ => rule.Metric.ToString(),
    };

    private static string Number(double v) => v.ToString("G10", Inv);

    private static string Minutes(TimeSpan t) => $"{t.TotalMinutes.ToString("0.##", Inv)} min";
}
