using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Ports;

/// <summary>A live market data source: one call returns the current value of every metric it tracks.</summary>
public interface IQuoteSource
{
    string Name { get; }

    Task<IReadOnlyList<Quote>> FetchAsync(CancellationToken ct);
}
