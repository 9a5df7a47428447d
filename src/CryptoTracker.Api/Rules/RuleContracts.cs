using CryptoTracker.Core.Alerts.Rules;

namespace CryptoTracker.Api.Rules;

/// <summary>
/// One rule of GET /v1/rules: its definition and state. <c>window</c> (minutes) is set for change rules only; <c>state</c> is
/// <c>holding</c> when the condition held at the metric's latest point (it fires again only after it stopped holding), else
/// <c>armed</c>; <c>lastFired</c> is the time of its latest alert still kept.
/// </summary>
public sealed record RuleDto(string Name, string Metric, string Kind, double Threshold, int? Window, int Cooldown, string State, DateTime? LastFired, DateTime? LastEvaluated)
{
    public static RuleDto From(RuleState s) => new(
        s.Rule.Name, s.Rule.Metric?.ToString() ?? "*", s.Rule.Kind, s.Rule.Threshold,
        s.Rule.Condition is ChangeCondition c ? (int)c.Window.TotalMinutes : null, (int)s.Rule.Cooldown.TotalMinutes,
        s.Holding ? "holding" : "armed", s.LastFired?.UtcDateTime, s.LastEvaluated?.UtcDateTime);
}

public sealed record RuleList(IReadOnlyList<RuleDto> Rules);
