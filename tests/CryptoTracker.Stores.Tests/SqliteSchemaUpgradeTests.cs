using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using CryptoTracker.Sqlite;
using Microsoft.Data.Sqlite;

namespace CryptoTracker.Stores.Tests;

/// <summary>A file written before summaries carried the cv rank keeps working: the columns are added at start-up.</summary>
public sealed class SqliteSchemaUpgradeTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"ct-upgrade-{Guid.NewGuid():N}");

    [Fact]
    public async Task Initialize_OnAFileWithoutTheCvColumns_AddsThemAndKeepsTheStoredSummaries()
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "old.db");
        await using (var db = new SqliteConnection($"Data Source={path}"))
        {
            await db.OpenAsync();
            await using var cmd = db.CreateCommand();
            cmd.CommandText = """
                CREATE TABLE summaries (
                    metric TEXT PRIMARY KEY, type TEXT NOT NULL, symbol TEXT NOT NULL,
                    window_from INTEGER NOT NULL, window_to INTEGER NOT NULL,
                    count INTEGER NOT NULL, mean REAL NOT NULL, stddev REAL, min REAL NOT NULL, max REAL NOT NULL,
                    latest_t INTEGER NOT NULL, latest_v REAL NOT NULL,
                    rank_stddev INTEGER, total_stddev INTEGER NOT NULL, rank_mean INTEGER, total_mean INTEGER NOT NULL);
                INSERT INTO summaries VALUES ('price:btcusd', 'price', 'btcusd', 1767520800, 1767607200, 3, 20, 10, 10, 30, 1767607200, 30, 1, 1, 1, 1);
                """;
            await cmd.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();

        var store = new SqliteMetricStore(path);
        await store.InitializeAsync(CancellationToken.None);

        var old = Assert.Single(await store.GetSummariesAsync(CancellationToken.None));
        Assert.Equal(new RankPlace(null, 0), old.ByCv);
        Assert.Equal(0.5, old.Stats.Cv);

        var t = DateTimeOffset.FromUnixTimeSeconds(1767607260);
        var fresh = new MetricSummary(old.Id, t.AddDays(-1), t, old.Stats, new Point(t, 30), new RankPlace(1, 1), new RankPlace(1, 1)) { ByCv = new RankPlace(1, 1) };
        await store.CommitAsync(new TickCommit([], [], [fresh], new CollectorStatus(t, t, 1, new SourceStatus("test", t, null, null, 0, 0), null),
            t.AddDays(-1), t.AddDays(-7)), CancellationToken.None);
        Assert.Equal([fresh], await store.GetSummariesAsync(CancellationToken.None));

        await store.InitializeAsync(CancellationToken.None); // a second start finds the columns in place
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
