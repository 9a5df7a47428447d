using CryptoTracker.Core.Markets;
using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Alerts.Rules;

/// <summary>The lowest and highest market price behind an aggregate price at one minute, over <see cref="Markets"/> markets.</summary>
public readonly record struct MarketSpread(double Min, double Max, int Markets)
{
    /// <summary>(max − min) ÷ min × 100.</summary>
    public double Percent => (Max - Min) / Min * 100;

    /// <summary>The spread of two or more prices; null for fewer (one market has no spread).</summary>
    public static MarketSpread? Of(IEnumerable<double> prices)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        var n = 0;
        foreach (var p in prices)
        {
            if (p < min) min = p;
            if (p > max) max = p;
            n++;
        }
        return n >= 2 && min > 0 ? new MarketSpread(min, max, n) : null;
    }

    /// <summary>Whether <paramref name="candidate"/> is one market's series of the aggregate (<c>price:btcusd@kraken</c> of <c>price:btcusd</c>).</summary>
    public static bool IsMarketOf(MetricId candidate, MetricId aggregate) =>
        candidate.Type == aggregate.Type && MarketSymbol.Split(candidate.Symbol) is (var symbol, not null) && symbol == aggregate.Symbol;

    /// <summary>
    /// The spread of an aggregate at minute <paramref name="t"/> from stored points: its markets' values at t. Live, the collector
    /// knows exactly which markets made the aggregate (<see cref="CrossMarketAggregate"/>); a restart or a read-only process has
    /// only the stored series, and this is the one place that derives it from them.
    /// </summary>
    public static MarketSpread? Behind(MetricId aggregate, DateTimeOffset t, IEnumerable<(MetricId Metric, Point Point)> points) =>
        Of(points.Where(p => p.Point.T == t && IsMarketOf(p.Metric, aggregate)).Select(p => p.Point.V));
}
