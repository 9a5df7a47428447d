namespace CryptoTracker.Core.Alerts.Rules;

/// <summary>A rule's state on its metric: whether its condition held at the metric's latest point, and when it last raised an alert.</summary>
public sealed record RuleState(AlertRule Rule, bool Holding, DateTimeOffset? LastFired, DateTimeOffset? LastEvaluated);
