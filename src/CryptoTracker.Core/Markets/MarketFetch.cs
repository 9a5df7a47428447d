namespace CryptoTracker.Core.Markets;

/// <summary>
/// What one market answered in one tick: its name (<c>kraken</c>, <c>binance</c>) and its quotes under plain symbols.
/// <see cref="CarriedOver"/>: the market did not answer this tick and these are its last answer, kept in the aggregates
/// (until the stale rule retires them) so that one missed call does not make summed volumes drop and jump back.
/// </summary>
public sealed record MarketFetch(string Market, IReadOnlyList<MarketQuote> Quotes, bool CarriedOver = false);
