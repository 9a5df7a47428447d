namespace CryptoTracker.Core.Markets;

/// <summary>Counts of refused values by reason.</summary>
public readonly record struct RejectionCounts(long Invalid, long Stale, long Outlier)
{
    public long Total => Invalid + Stale + Outlier;

    public RejectionCounts Add(RejectionCounts other) => new(Invalid + other.Invalid, Stale + other.Stale, Outlier + other.Outlier);

    public RejectionCounts Add(RejectionReason reason) => reason switch
    {
        RejectionReason.Invalid => this with { Invalid = Invalid + 1 },
        RejectionReason.Stale => this with { Stale = Stale + 1 },
        _ => this with { Outlier = Outlier + 1 },
    };
}
