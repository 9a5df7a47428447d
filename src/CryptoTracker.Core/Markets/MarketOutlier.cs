namespace CryptoTracker.Core.Markets;

/// <summary>A market's value was left out of an aggregate because it was too far from the median.</summary>
public sealed record MarketOutlier(DateTimeOffset Minute, OutlierReport Outlier) : MarketNote(Outlier.Market);
