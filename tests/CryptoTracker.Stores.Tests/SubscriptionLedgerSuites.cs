using Amazon.DynamoDBv2;
using CryptoTracker.Core.Ports;
using CryptoTracker.DynamoDb;
using CryptoTracker.Sqlite;

namespace CryptoTracker.Stores.Tests;

public sealed class SqliteSubscriptionLedgerTests : SubscriptionLedgerContract, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"ct-ledger-{Guid.NewGuid():N}");

    protected override Task<ISubscriptionLedger> CreateLedgerAsync() =>
        Task.FromResult<ISubscriptionLedger>(new SqliteSubscriptionLedger(Path.Combine(_dir, "tracker.db")));

    [Fact]
    public async Task Initialize_OnAFileFromBeforeRules_AddsTheColumn_AndKeepsThePendingCode()
    {
        var path = Path.Combine(_dir, "old.db");
        Directory.CreateDirectory(_dir);
        await using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            await db.OpenAsync();
            await using var cmd = db.CreateCommand();
            // The pending table as files made before subscriptions could choose rules have it, with one code waiting.
            cmd.CommandText = """
                CREATE TABLE subscription_pending (
                    destination TEXT PRIMARY KEY, salt TEXT NOT NULL, code_hash TEXT NOT NULL, metrics TEXT NULL,
                    expires INTEGER NOT NULL, attempts INTEGER NOT NULL);
                INSERT INTO subscription_pending VALUES ('sms:old', 'salt-old', 'hash', 'price:btcusd', 4102444800000, 0);
                """;
            await cmd.ExecuteNonQueryAsync();
        }
        var ledger = new SqliteSubscriptionLedger(path);

        await ledger.InitializeAsync(CancellationToken.None);
        await ledger.InitializeAsync(CancellationToken.None); // twice: idempotent
        var old = await ledger.TakeAttemptAsync("sms:old", 5, DateTimeOffset.UnixEpoch, CancellationToken.None);
        await ledger.SavePendingAsync(new PendingConfirmation("sms:new", "s", "h", null, ["spike"], DateTimeOffset.UnixEpoch.AddDays(1), 0), CancellationToken.None);
        var fresh = await ledger.TakeAttemptAsync("sms:new", 5, DateTimeOffset.UnixEpoch, CancellationToken.None);

        Assert.Equal(["price:btcusd"], old?.Metrics);
        Assert.Null(old?.Rules);
        Assert.Equal(["spike"], fresh?.Rules);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}

[Collection(DynaliteCollection.Name)]
public sealed class DynamoDbSubscriptionLedgerTests(DynaliteFixture dynalite) : SubscriptionLedgerContract, IDisposable
{
    private readonly List<IAmazonDynamoDB> _clients = [];
    private readonly DynamoDbStoreOptions _options = dynalite.Options();

    protected override async Task<ISubscriptionLedger> CreateLedgerAsync()
    {
        var client = dynalite.CreateClient();
        _clients.Add(client);
        // The ledger lives in the metric store's table, which the store creates locally.
        await new DynamoDbMetricStore(client, _options).InitializeAsync(CancellationToken.None);
        return new DynamoDbSubscriptionLedger(client, _options);
    }

    public void Dispose()
    {
        foreach (var c in _clients) c.Dispose();
    }
}
