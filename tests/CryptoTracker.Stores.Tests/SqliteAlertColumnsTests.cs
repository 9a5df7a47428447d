using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Sqlite;
using Microsoft.Data.Sqlite;

namespace CryptoTracker.Stores.Tests;

public sealed class SqliteAlertColumnsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"ct-store-{Guid.NewGuid():N}");

    [Fact]
    public async Task Initialize_OnAFileWhoseAlertsHaveNoRule_AddsTheColumns_AndOldAlertsReadAsTheSpikeRule()
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "old.db");
        await using (var db = new SqliteConnection($"Data Source={path}"))
        {
            await db.OpenAsync(CancellationToken.None);
            await using var cmd = db.CreateCommand();
            cmd.CommandText = """
                CREATE TABLE alerts (id TEXT PRIMARY KEY, metric TEXT NOT NULL, t INTEGER NOT NULL,
                    value REAL NOT NULL, average REAL NOT NULL, ratio REAL NOT NULL, published_at INTEGER);
                INSERT INTO alerts VALUES ('volume:btcusd@20230301T0000Z', 'volume:btcusd', 1677628800, 12.5, 2.5, 5, NULL);
                """;
            await cmd.ExecuteNonQueryAsync(CancellationToken.None);
        }

        var store = new SqliteMetricStore(path);
        await store.InitializeAsync(CancellationToken.None);
        await store.InitializeAsync(CancellationToken.None); // a second start finds the columns there
        var alert = Assert.Single(await store.GetAlertsAsync(DateTimeOffset.MinValue, CancellationToken.None));

        Assert.Equal(new Alert("volume:btcusd@20230301T0000Z", new MetricId("volume", "btcusd"), new DateTimeOffset(2023, 3, 1, 0, 0, 0, TimeSpan.Zero), 12.5, 2.5, 5), alert);
        Assert.Equal(("spike", "spike", (double?)null), (alert.Rule, alert.Kind, alert.Threshold));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
