using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using CryptoTracker.DynamoDb;
using CryptoTracker.Sqlite;
using CryptoTracker.Testing;
using Microsoft.Data.Sqlite;

namespace CryptoTracker.Stores.Tests;

/// <summary>
/// Stores written before the outbox had channels kept one "published" mark, SNS's. After the upgrade those alerts stay
/// published for SNS and are undelivered for every other channel.
/// </summary>
public sealed class SqliteOutboxUpgradeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ct-upgrade-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Initialize_OnAFileWithTheSinglePublishedMark_KeepsThoseAlertsPublishedForSnsOnly()
    {
        var path = Path.Combine(_dir, "old.db");
        // The alerts table exactly as the earlier schema created it, with one alert published and one not.
        await using (var db = new SqliteConnection($"Data Source={path}"))
        {
            await db.OpenAsync();
            await using var cmd = db.CreateCommand();
            cmd.CommandText = """
                CREATE TABLE alerts (id TEXT PRIMARY KEY, metric TEXT NOT NULL, t INTEGER NOT NULL,
                    value REAL NOT NULL, average REAL NOT NULL, ratio REAL NOT NULL, published_at INTEGER);
                INSERT INTO alerts VALUES ('price:btcusd@20230301T0001Z', 'price:btcusd', 1677628860, 9, 3, 3, 1677628900);
                INSERT INTO alerts VALUES ('price:btcusd@20230301T0002Z', 'price:btcusd', 1677628920, 12, 3, 4, NULL);
                """;
            await cmd.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();

        var store = new SqliteMetricStore(path);
        await store.InitializeAsync(CancellationToken.None);
        await store.InitializeAsync(CancellationToken.None); // a second start changes nothing

        var since = new DateTimeOffset(2023, 3, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(["price:btcusd@20230301T0002Z"], (await store.GetUndeliveredAlertsAsync(AlertChannels.Sns, since, CancellationToken.None)).Select(a => a.Id));
        Assert.Equal(["price:btcusd@20230301T0001Z", "price:btcusd@20230301T0002Z"],
            (await store.GetUndeliveredAlertsAsync("receiver:phone", since, CancellationToken.None)).Select(a => a.Id));
    }
}

[Collection(DynaliteCollection.Name)]
public sealed class DynamoDbOutboxUpgradeTests(DynaliteFixture dynalite) : IDisposable
{
    private readonly IAmazonDynamoDB _client = dynalite.CreateClient();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task AnAlertItemWithThePublishedAtMark_StaysPublishedForSnsOnly()
    {
        var options = dynalite.Options();
        var store = new DynamoDbMetricStore(_client, options);
        await store.InitializeAsync(CancellationToken.None);
        var t = new DateTimeOffset(2023, 3, 1, 0, 1, 0, TimeSpan.Zero);
        var published = TestAlerts.Spike(new MetricId("price", "btcusd"), t, 9, 3);
        var waiting = TestAlerts.Spike(new MetricId("price", "btcusd"), t.AddMinutes(1), 12, 3);
        await store.CommitAsync(new TickCommit([], [published, waiting], [], new CollectorStatus(t, t, 0, new SourceStatus("test", null, null, null, 0, 0), null),
            t.AddDays(-1), t.AddDays(-7)), CancellationToken.None);
        // The earlier version's mark: SET publishedAt on the alert item.
        var items = await _client.QueryAsync(new QueryRequest
        {
            TableName = options.Table, KeyConditionExpression = "pk = :pk",
            ExpressionAttributeValues = new() { [":pk"] = new AttributeValue { S = "ALERT" } },
        });
        var item = items.Items.Single(i => i["id"].S == published.Id);
        await _client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = options.Table, Key = new() { ["pk"] = item["pk"], ["sk"] = item["sk"] },
            UpdateExpression = "SET publishedAt = :at", ExpressionAttributeValues = new() { [":at"] = new AttributeValue { N = "1677628900" } },
        });

        Assert.Equal([waiting], await store.GetUndeliveredAlertsAsync(AlertChannels.Sns, t.AddHours(-1), CancellationToken.None));
        Assert.Equal([published, waiting], await store.GetUndeliveredAlertsAsync("receiver:phone", t.AddHours(-1), CancellationToken.None));
    }
}
