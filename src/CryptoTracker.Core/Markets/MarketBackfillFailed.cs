namespace CryptoTracker.Core.Markets;

/// <summary>The market could not tell its history; the backfill went on with the others.</summary>
public sealed record MarketBackfillFailed(string Market, string Error) : MarketNote(Market);
