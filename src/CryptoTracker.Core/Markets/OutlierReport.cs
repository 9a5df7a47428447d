namespace CryptoTracker.Core.Markets;

/// <summary>A market left out of a symbol's aggregate because its price is too far from the cross-market median.</summary>
public sealed record OutlierReport(string Market, string Symbol, double Price, double Median, double Deviation);
