namespace CryptoTracker.Core.Ports;

/// <summary>
/// A source's failure that asking again within the tick cannot change (an HTTP 451 geo-block, a 403 refusal, a 418 ban):
/// the tick does not retry it. Exchange adapters' exceptions implement it.
/// </summary>
public interface IFinalSourceFailure
{
    bool IsFinal { get; }
}
