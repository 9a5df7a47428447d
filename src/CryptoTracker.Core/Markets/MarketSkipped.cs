namespace CryptoTracker.Core.Markets;

/// <summary>The tick went on without <see cref="MarketNote.Market"/>, which failed with <see cref="Error"/>.</summary>
public sealed record MarketSkipped(string Market, DateTimeOffset Minute, string Error) : MarketNote(Market);
