using CryptoTracker.Core.Markets;

namespace CryptoTracker.Core.Collecting;

/// <summary>What filling an empty store from the source's history did; <see cref="Error"/> when the source could not tell it.</summary>
public sealed record BackfillReport(string Source, int Minutes, TickReport? Ingest, Exception? Error, IReadOnlyList<MarketNote> Notes);
