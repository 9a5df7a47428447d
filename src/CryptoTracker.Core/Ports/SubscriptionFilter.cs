using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Ports;

/// <summary>
/// Which alerts a subscriber gets: those of the <see cref="Metrics"/> (null: any metric) raised by the <see cref="Rules"/>
/// (rule names, <c>spike</c> for the built-in rule; null: any rule). Both given: an alert must match both.
/// </summary>
public sealed record SubscriptionFilter(IReadOnlyList<MetricId>? Metrics, IReadOnlyList<string>? Rules)
{
    /// <summary>Every alert.</summary>
    public static readonly SubscriptionFilter Everything = new(null, null);

    public bool IsEverything => Metrics is not { Count: > 0 } && Rules is not { Count: > 0 };

    /// <summary>How many (metric, rule) pairs the filter names: the product of the lists' lengths, a list left out counting 1.</summary>
    public int Combinations => Math.Max(1, Metrics?.Count ?? 0) * Math.Max(1, Rules?.Count ?? 0);
}
