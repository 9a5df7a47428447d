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
}
