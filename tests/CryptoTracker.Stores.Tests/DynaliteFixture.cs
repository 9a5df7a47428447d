using Amazon.DynamoDBv2;
using CryptoTracker.DynamoDb;

namespace CryptoTracker.Stores.Tests;

/// <summary>
/// A dynalite process (the npm DynamoDB emulator) on a free loopback port, installed with <c>npm install</c> at the
/// repository root when missing. Each test uses its own table, so tests share the process but no data.
/// </summary>
public sealed class DynaliteFixture : IAsyncLifetime
{
    private DynaliteProcess? _dynalite;

    public string ServiceUrl => _dynalite?.ServiceUrl ?? "";

    public async ValueTask InitializeAsync() => _dynalite = await DynaliteProcess.StartAsync(SharedData.RepoRoot);

    public DynamoDbStoreOptions Options(string? table = null) => new()
    {
        Table = table ?? $"tracker-{Guid.NewGuid():N}",
        ServiceUrl = ServiceUrl,
        BatchRetryDelay = TimeSpan.FromMilliseconds(1),
    };

    public IAmazonDynamoDB CreateClient() => DynamoDbServiceCollectionExtensions.CreateClient(Options());

    public ValueTask DisposeAsync()
    {
        _dynalite?.Dispose();
        return ValueTask.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class DynaliteCollection : ICollectionFixture<DynaliteFixture>
{
    public const string Name = "dynalite";
}
