namespace CryptoTracker.Core.Metrics;

/// <summary>Everything a source reported for one minute.</summary>
public sealed record MinuteQuotes(DateTimeOffset Minute, IReadOnlyList<Quote> Quotes);
