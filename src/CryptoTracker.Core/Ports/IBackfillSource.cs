using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Ports;

/// <summary>A source that can also tell what the market looked like in the past, to fill an empty store at start-up.</summary>
public interface IBackfillSource
{
    Task<IReadOnlyList<MinuteQuotes>> BackfillAsync(DateTimeOffset fromExclusive, DateTimeOffset toInclusive, CancellationToken ct);
}
