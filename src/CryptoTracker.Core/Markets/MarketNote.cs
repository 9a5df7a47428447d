namespace CryptoTracker.Core.Markets;

/// <summary>Something the host should log about one market during a tick or a backfill (the tick itself went on).</summary>
public abstract record MarketNote(string Market);

/// <summary>The tick went on without <see cref="MarketNote.Market"/>, which failed with <see cref="Error"/>.</summary>
public sealed record MarketSkipped(string Market, DateTimeOffset Minute, string Error) : MarketNote(Market);

/// <summary>A market's value was left out of an aggregate because it was too far from the median.</summary>
public sealed record MarketOutlier(DateTimeOffset Minute, OutlierReport Outlier) : MarketNote(Outlier.Market);

/// <summary>The market could not tell its history; the backfill went on with the others.</summary>
public sealed record MarketBackfillFailed(string Market, string Error) : MarketNote(Market);
