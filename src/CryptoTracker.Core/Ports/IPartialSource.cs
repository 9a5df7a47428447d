namespace CryptoTracker.Core.Ports;

/// <summary>
/// A source that can answer a minute only in part (best effort by design, e.g. Kraken's per-pair minute volumes): it says
/// what was missing from its latest answer, or null when that answer was whole. Health shows it as a reason.
/// </summary>
public interface IPartialSource
{
    PartialAnswer? LastPartial { get; }
}

/// <summary>At <paramref name="Minute"/>, <paramref name="What"/> was missing for <paramref name="Missing"/> of <paramref name="Of"/> pairs; <paramref name="Reason"/> is the first failure's public kind.</summary>
public sealed record PartialAnswer(string Source, DateTimeOffset Minute, string What, int Missing, int Of, string Reason);
