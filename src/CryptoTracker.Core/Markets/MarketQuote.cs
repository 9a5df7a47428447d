using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Markets;

/// <summary>A quote as one exchange reported it, with the exchange's own time of the value when it says (Binance <c>closeTime</c>).</summary>
public readonly record struct MarketQuote(Quote Quote, DateTimeOffset? AsOf = null);

/// <summary>
/// What one market answered in one tick: its name (<c>kraken</c>, <c>binance</c>) and its quotes under plain symbols.
/// <see cref="CarriedOver"/>: the market did not answer this tick and these are its last answer, kept in the aggregates
/// (until the stale rule retires them) so that one missed call does not make summed volumes drop and jump back.
/// </summary>
public sealed record MarketFetch(string Market, IReadOnlyList<MarketQuote> Quotes, bool CarriedOver = false);

/// <summary>Why a market's value was kept out: not a number we store, too old, or too far from the other markets.</summary>
public enum RejectionReason { Invalid, Stale, Outlier }

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

/// <summary>Tracker:Quality settings.</summary>
public sealed class MarketQualityOptions
{
    /// <summary>A market whose price is further than this fraction from the cross-market median is left out of the aggregate.</summary>
    public double MaxDeviation { get; set; } = 0.05;

    /// <summary>A ticker whose exchange time is older than this (delisted, halted) is ignored.</summary>
    public TimeSpan MaxTickerAge { get; set; } = TimeSpan.FromMinutes(10);
}
