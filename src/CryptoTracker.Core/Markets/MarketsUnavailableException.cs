using CryptoTracker.Core.Ports;

namespace CryptoTracker.Core.Markets;

/// <summary>Every configured market failed this tick (so far); final when each of them refused for good (HTTP 451, 403, 418).</summary>
public sealed class MarketsUnavailableException(string message, bool isFinal = false) : Exception(message), IFinalSourceFailure
{
    public bool IsFinal { get; } = isFinal;
}
