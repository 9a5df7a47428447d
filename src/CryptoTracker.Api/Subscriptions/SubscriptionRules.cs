using System.Globalization;
using CryptoTracker.Core.Alerts.Rules;

namespace CryptoTracker.Api.Subscriptions;

/// <summary>
/// The rules a subscription may name: the built-in <c>spike</c> first, then the rules of Tracker:Alerts:Rules in their
/// order, each with its condition in a few words for the dashboard's checkboxes.
/// </summary>
public static class SubscriptionRules
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static IReadOnlyList<RuleChoice> Choices(RuleBook book) => book.Rules.Select(r => new RuleChoice(r.Name, Describe(r))).ToList();

    public static string Describe(AlertRule rule)
    {
        var metric = rule.Metric?.ToString() ?? "any metric";
        return rule.Condition switch
        {
            SpikeCondition s => $"{metric} above {Number(s.Multiplier)}x its average of the last {Minutes(s.Window)}",
            AboveCondition a => $"{metric} above {Number(a.Level)}",
            BelowCondition b => $"{metric} below {Number(b.Level)}",
            ChangeCondition c => $"{metric} moves {Number(c.Percent)}% or more within {Minutes(c.Window)}",
            SpreadCondition s => $"{metric}: markets {Number(s.Percent)}% or more apart",
            _ => metric,
        };
    }

    private static string Number(double v) => v.ToString("G10", Inv);

    private static string Minutes(TimeSpan t) => $"{t.TotalMinutes.ToString("0.##", Inv)} min";
}
