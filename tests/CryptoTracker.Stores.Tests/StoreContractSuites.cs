using Amazon.DynamoDBv2;
using CryptoTracker.Core.Ports;
using CryptoTracker.DynamoDb;
using CryptoTracker.Sqlite;

namespace CryptoTracker.Stores.Tests;

public sealed class SqliteMarketStoreContractTests : MetricStoreContract, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"ct-store-{Guid.NewGuid():N}");

    protected override Task<IMetricStore> CreateStoreAsync() =>
        Task.FromResult<IMetricStore>(new SqliteMetricStore(Path.Combine(_dir, "tracker.db")));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}

[Collection(DynaliteCollection.Name)]
public sealed class DynamoDbMarketStoreContractTests(DynaliteFixture dynalite) : MetricStoreContract, IDisposable
{
    private readonly IAmazonDynamoDB _client = dynalite.CreateClient();

    protected override Task<IMetricStore> CreateStoreAsync() =>
        Task.FromResult<IMetricStore>(new DynamoDbMetricStore(_client, dynalite.Options()));

    public void Dispose() => _client.Dispose();
}
