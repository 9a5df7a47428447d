using Amazon.DynamoDBv2;
using CryptoTracker.DynamoDb;
using CryptoTracker.Tests;

namespace CryptoTracker.Stores.Tests;

/// <summary>
/// A dynalite process (the npm DynamoDB emulator) on a free loopback port, installed with <c>npm install</c> at the
/// repository root when missing. Each test uses its own table, so tests share the process but no data.
/// </summary>
public sealed class DynaliteFixture : IAsyncLifetime
{
    private DynaliteProcess? _dynalite;

    public string ServiceUrl => _dynalite?.ServiceUrl ?? "";

    public async Task InitializeAsync() => _dynalite = await DynaliteProcess.StartAsync(RepoPaths.Root);

    public DynamoDbStoreOptions Options(string? table = null) => new()
    {
        Table = table ?? $"tracker-{Guid.NewGuid():N}",
        ServiceUrl = ServiceUrl,
        BatchRetryDelay = TimeSpan.FromMilliseconds(1),
    };

    public IAmazonDynamoDB CreateClient() => DynamoDbServiceCollectionExtensions.CreateClient(Options());

    public Task DisposeAsync()
    {
        _dynalite?.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class DynaliteCollection : ICollectionFixture<DynaliteFixture>
{
    public const string Name = "dynalite";
}
