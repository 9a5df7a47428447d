using CryptoTracker.Core.Alerts;

namespace CryptoTracker.Core.Collecting;

/// <summary>What one ingest did.</summary>
public sealed record TickReport(int Points, IReadOnlyList<Alert> Alerts, int Rejected, int Duplicates, bool Committed, string? StoreError);
