namespace CryptoTracker.Core.Metrics;

/// <summary>One value of a metric at a UTC minute.</summary>
public readonly record struct Point(DateTimeOffset T, double V);

/// <summary>A value a source reported for a metric, before it is stamped with a minute.</summary>
public readonly record struct Quote(MetricId Metric, double Value)
{
    /// <summary>For a cross-market aggregate price: the lowest and highest price of the markets that made it (spread rules).</summary>
    public Alerts.Rules.MarketSpread? Spread { get; init; }
}

/// <summary>Everything a source reported for one minute.</summary>
public sealed record MinuteQuotes(DateTimeOffset Minute, IReadOnlyList<Quote> Quotes);

public static class Minutes
{
    /// <summary>Truncates to the UTC minute: the identity of a point.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset t)
    {
        var utc = t.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
    }
}
