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
