namespace CryptoTracker.Core.Metrics;

/// <summary>A value a source reported for a metric, before it is stamped with a minute.</summary>
public readonly record struct Quote(MetricId Metric, double Value)
{
    /// <summary>For a cross-market aggregate price: the lowest and highest price of the markets that made it (spread rules).</summary>
    public Alerts.Rules.MarketSpread? Spread { get; init; }
}
