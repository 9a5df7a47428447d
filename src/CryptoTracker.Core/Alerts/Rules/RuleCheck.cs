namespace CryptoTracker.Core.Alerts.Rules;

/// <summary>
/// The outcome of a rule for one new point. <see cref="Reference"/> is what the value was compared to (the level, the value
/// Window minutes earlier, the lowest market price) and <see cref="Ratio"/> the value ÷ reference (highest ÷ lowest market
/// price for a spread); both are NaN when there was nothing to compare with.
/// </summary>
public readonly record struct RuleCheck(bool Holds, double Reference, double Ratio)
{
    public static RuleCheck Nothing => new(false, double.NaN, double.NaN);
}
