using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Markets;

/// <summary>A quote as one exchange reported it, with the exchange's own time of the value when it says (Binance <c>closeTime</c>).</summary>
public readonly record struct MarketQuote(Quote Quote, DateTimeOffset? AsOf = null);
