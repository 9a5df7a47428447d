using CryptoTracker.Core.Markets;

namespace CryptoTracker.Core.Ports;

/// <summary>
/// A live source that also says how old each value is by the exchange's own clock, so that tickers of halted or delisted
/// symbols can be recognised as stale. Sources without such a time (Kraken's Ticker) are plain <see cref="IQuoteSource"/>s.
/// </summary>
public interface IMarketSource : IQuoteSource
{
    Task<IReadOnlyList<MarketQuote>> FetchMarketAsync(CancellationToken ct);
}
