namespace CryptoTracker.Core.Markets;

/// <summary>Tracker:Quality settings.</summary>
public sealed class MarketQualityOptions
{
    /// <summary>A market whose price is further than this fraction from the cross-market median is left out of the aggregate.</summary>
    public double MaxDeviation { get; set; } = 0.05;

    /// <summary>A ticker whose exchange time is older than this (delisted, halted) is ignored.</summary>
    public TimeSpan MaxTickerAge { get; set; } = TimeSpan.FromMinutes(10);
}
