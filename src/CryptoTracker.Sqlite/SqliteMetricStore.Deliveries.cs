using CryptoTracker.Core.Alerts;
using Microsoft.Data.Sqlite;

namespace CryptoTracker.Sqlite;

/// <summary>The alert outbox per channel: one row per (alert, channel) the channel is done with.</summary>
public sealed partial class SqliteMetricStore
{
    private static async Task InitializeDeliveriesAsync(SqliteConnection db, CancellationToken ct)
    {
        // alerts.published_at was the single "published" mark, which was SNS's: it becomes the sns channel's, once. Later
        // versions never write it, so re-running this is a no-op.
        await ExecAsync(db, $"""
            CREATE TABLE IF NOT EXISTS alert_deliveries (
                alert_id TEXT NOT NULL, channel TEXT NOT NULL, delivered_at INTEGER NOT NULL,
                PRIMARY KEY (alert_id, channel)) WITHOUT ROWID;
            INSERT OR IGNORE INTO alert_deliveries (alert_id, channel, delivered_at)
                SELECT id, '{AlertChannels.Sns}', published_at FROM alerts WHERE published_at IS NOT NULL;
            """, ct);
    }

    public async Task<IReadOnlyList<Alert>> GetUndeliveredAlertsAsync(string channel, DateTimeOffset after, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        await using var db = await OpenAsync(ct);
        return await GetAlertsAsync(db, after, ct, undeliveredTo: channel);
    }

    public async Task MarkDeliveredAsync(string channel, IReadOnlyList<string> alertIds, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        if (alertIds.Count == 0) return;
        await using var db = await OpenAsync(ct);
        await using var tx = (SqliteTransaction)await db.BeginTransactionAsync(ct);
        // Only alerts that exist; the first mark stands.
        await using var cmd = Command(db, """
            INSERT OR IGNORE INTO alert_deliveries (alert_id, channel, delivered_at)
            SELECT id, $channel, $at FROM alerts WHERE id = $id
            """);
        cmd.Parameters.AddWithValue("$channel", channel);
        cmd.Parameters.AddWithValue("$at", Seconds(at));
        var idParam = cmd.Parameters.Add("$id", SqliteType.Text);
        foreach (var id in alertIds)
        {
            idParam.Value = id;
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }
}
