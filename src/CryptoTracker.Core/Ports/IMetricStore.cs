using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Ports;

/// <summary>
/// The storage port. Adapters: SQLite (embedded, the default) and DynamoDB. Reads must treat anything at or before a
/// cutoff as absent even if it was not pruned yet (DynamoDB deletes expired items lazily).
/// </summary>
public interface IMetricStore
{
    /// <summary>Creates what the store needs (tables, schema) when it is missing.</summary>
    Task InitializeAsync(CancellationToken ct);

    Task<StoredState> LoadAsync(DateTimeOffset pointsAfter, DateTimeOffset alertsAfter, CancellationToken ct);

    Task CommitAsync(TickCommit commit, CancellationToken ct);

    Task<IReadOnlyList<MetricSummary>> GetSummariesAsync(CancellationToken ct);

    /// <summary>Points of one metric with <c>after &lt; t ≤ upTo</c>, oldest first.</summary>
    Task<IReadOnlyList<Point>> GetHistoryAsync(MetricId metric, DateTimeOffset after, DateTimeOffset upTo, CancellationToken ct);

    /// <summary>Alerts with <c>t &gt; after</c>, oldest first.</summary>
    Task<IReadOnlyList<Alert>> GetAlertsAsync(DateTimeOffset after, CancellationToken ct);

    Task<CollectorStatus?> GetStatusAsync(CancellationToken ct);

    /// <summary>
    /// The alert outbox of one delivery channel (<see cref="Alerts.AlertChannels"/>: <c>sns</c>, <c>receiver:&lt;name&gt;</c>):
    /// stored alerts with <c>t &gt; after</c> that the channel is not done with yet, oldest first. Each channel keeps its own
    /// marks, so a channel added later starts with every kept alert undelivered.
    /// </summary>
    Task<IReadOnlyList<Alert>> GetUndeliveredAlertsAsync(string channel, DateTimeOffset after, CancellationToken ct);

    /// <summary>
    /// Records that <paramref name="channel"/> is done with these alerts (accepted, or refused for good), so that they are
    /// never sent to it again. Unknown ids and ids already marked for the channel are ignored; the first mark stands.
    /// </summary>
    Task MarkDeliveredAsync(string channel, IReadOnlyList<string> alertIds, DateTimeOffset at, CancellationToken ct);
}
