using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using CryptoTracker.DynamoDb;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Stores.Tests;

/// <summary>What only the DynamoDB store has to get right: partial batch failures, snapshot switching, the table, the wiring.</summary>
[Collection(DynaliteCollection.Name)]
public sealed class DynamoDbMetricStoreTests(DynaliteFixture dynalite) : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2023, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly IAmazonDynamoDB _client = dynalite.CreateClient();

    public void Dispose() => _client.Dispose();

    private static TickCommit CommitOf(int metrics, int minute, IEnumerable<MetricSummary>? summaries = null) => new(
        [.. Enumerable.Range(0, metrics).Select(i => (new MetricId("price", $"s{i:D3}"), new Point(T0.AddMinutes(minute), i + 0.5)))],
        [], [.. summaries ?? []],
        new CollectorStatus(T0.AddMinutes(minute), T0.AddMinutes(minute), metrics, new SourceStatus("test", null, null, null, 0, 0), null),
        T0.AddMinutes(minute).AddDays(-1), T0.AddMinutes(minute).AddDays(-7));

    private async Task<DynamoDbMetricStore> NewStoreAsync(IAmazonDynamoDB? client = null, DynamoDbStoreOptions? options = null)
    {
        var store = new DynamoDbMetricStore(client ?? _client, options ?? dynalite.Options());
        await store.InitializeAsync(Ct);
        return store;
    }

    [Fact]
    public async Task Commit_WhenABatchComesBackPartlyUnprocessed_ResendsTheRestUntilStored()
    {
        var (client, interceptor) = DynamoDbInterceptor.Wrap(_client);
        var failuresLeft = 3;
        interceptor.BatchWrite = async (inner, request, ct) =>
        {
            // Like throttled DynamoDB: the first calls store only the first half and hand back the rest.
            if (Interlocked.Decrement(ref failuresLeft) < 0) return await inner.BatchWriteItemAsync(request, ct);
            var (table, writes) = request.RequestItems.Single();
            var half = writes.Count / 2;
            if (half > 0) await inner.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = new() { [table] = writes[..half] } }, ct);
            return new BatchWriteItemResponse { UnprocessedItems = new() { [table] = writes[half..] } };
        };
        var store = await NewStoreAsync(client);

        await store.CommitAsync(CommitOf(metrics: 20, minute: 1), Ct);

        for (var i = 0; i < 20; i++)
            Assert.Equal([new Point(T0.AddMinutes(1), i + 0.5)], await store.GetHistoryAsync(new MetricId("price", $"s{i:D3}"), T0, T0.AddHours(1), Ct));
        // 20 points + 20 registry items = 40 writes in 2 batches, a snapshot batch and a status batch: 4 batches, 3 resends.
        Assert.Equal(4 + 3, interceptor.BatchWriteCalls);
    }

    [Fact]
    public async Task Commit_WhenWritesStayUnprocessed_FailsLoudlyInsteadOfDroppingThem()
    {
        var (client, interceptor) = DynamoDbInterceptor.Wrap(_client);
        interceptor.BatchWrite = (_, request, _) => Task.FromResult(new BatchWriteItemResponse { UnprocessedItems = request.RequestItems });
        var options = dynalite.Options();
        options.BatchWriteAttempts = 3;
        var store = await NewStoreAsync(client, options);

        var error = await Assert.ThrowsAsync<UnprocessedWritesException>(() => store.CommitAsync(CommitOf(metrics: 5, minute: 1), Ct));

        Assert.Equal(10, error.Unprocessed); // 5 points + 5 registry items
        Assert.Equal(3, interceptor.BatchWriteCalls);
        Assert.Null(await store.GetStatusAsync(Ct));
    }

    [Fact]
    public async Task Summaries_WhileANewerSnapshotIsIncomplete_StillServeTheLastCompleteOne()
    {
        var options = dynalite.Options();
        var store = await NewStoreAsync(options: options);
        var summary = new MetricSummary(new MetricId("price", "btcusd"), T0.AddDays(-1), T0, new WindowStats(1, 2, null, 2, 2),
            new Point(T0, 2), new RankPlace(null, 0), new RankPlace(1, 1));
        await store.CommitAsync(CommitOf(0, 0, [summary]), Ct);

        // A writer that died after the first of two chunks of a newer snapshot.
        await _client.PutItemAsync(new PutItemRequest
        {
            TableName = options.Table,
            Item = new()
            {
                ["pk"] = new() { S = "SUMMARY" }, ["sk"] = new() { S = $"{DateTimeOffset.MaxValue.UtcTicks:D19}#0000" },
                ["chunks"] = new() { N = "2" }, ["body"] = new() { S = "[]" },
            },
        }, Ct);

        Assert.Equal([summary], await store.GetSummariesAsync(Ct));
    }

    [Fact]
    public async Task Commit_ByARestartedWriter_RemovesTheSnapshotsOfThePreviousProcess()
    {
        var options = dynalite.Options();
        var first = await NewStoreAsync(options: options);
        var summaries = Enumerable.Range(0, 3).Select(i => new MetricSummary(new MetricId("price", $"s{i}"), T0.AddDays(-1), T0,
            new WindowStats(1, i, null, i, i), new Point(T0, i), new RankPlace(null, 0), new RankPlace(3 - i, 3))).ToList();
        await first.CommitAsync(CommitOf(0, 0, summaries), Ct);
        await first.CommitAsync(CommitOf(0, 1, summaries), Ct);

        var restarted = new DynamoDbMetricStore(_client, options);
        await restarted.CommitAsync(CommitOf(0, 2, summaries[..1]), Ct);

        var items = await _client.QueryAsync(new QueryRequest
        {
            TableName = options.Table,
            KeyConditionExpression = "pk = :pk",
            ExpressionAttributeValues = new() { [":pk"] = new() { S = "SUMMARY" } },
        }, Ct);
        Assert.Single(items.Items);
        Assert.Equal(summaries[..1], await first.GetSummariesAsync(Ct));
    }

    [Fact]
    public async Task Commit_WritesPointsWithATtlOfADayAndAnHourAfterTheirMinute()
    {
        var options = dynalite.Options();
        var wallClock = new ReplayClock(T0.AddMinutes(-30)); // the real time is earlier than the point: the point's time counts
        var store = new DynamoDbMetricStore(_client, options, wallClock);
        await store.InitializeAsync(Ct);

        await store.CommitAsync(CommitOf(1, 1), Ct);

        var item = await _client.GetItemAsync(options.Table, new()
        {
            ["pk"] = new() { S = "POINT#price:s000" }, ["sk"] = new() { S = "2023-03-01T00:01:00Z" },
        }, Ct);
        // 2023-03-01T00:01Z = 1677628860; + 25 h (90,000 s) = 1677718860.
        Assert.Equal("1677718860", item.Item["expiresAt"].N);
        Assert.Equal("0.5", item.Item["v"].N);
    }

    [Fact]
    public async Task Initialize_WithALocalEndpoint_CreatesTheTableOnceWithPkAndSk()
    {
        var options = dynalite.Options();
        var store = new DynamoDbMetricStore(_client, options);

        await store.InitializeAsync(Ct);
        await store.InitializeAsync(Ct);

        var table = (await _client.DescribeTableAsync(options.Table, Ct)).Table;
        Assert.Equal(["pk:HASH", "sk:RANGE"], table.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType.Value}"));
        Assert.Equal(TableStatus.ACTIVE, table.TableStatus);
    }

    [Fact]
    public async Task Initialize_WithoutALocalEndpoint_LeavesTheTableToTheStack()
    {
        var options = dynalite.Options();
        options.ServiceUrl = null;
        var store = new DynamoDbMetricStore(_client, options);

        await store.InitializeAsync(Ct);

        await Assert.ThrowsAsync<ResourceNotFoundException>(() => _client.DescribeTableAsync(options.Table, Ct));
    }

    [Fact]
    public async Task AddDynamoDbStore_BindsTrackerDynamoDb_AndServesTheStoreOnTheLocalEndpoint()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tracker:DynamoDb:Table"] = $"wired-{Guid.NewGuid():N}",
            ["Tracker:DynamoDb:ServiceUrl"] = dynalite.ServiceUrl,
        }).Build();
        await using var services = new ServiceCollection().AddDynamoDbStore(config).BuildServiceProvider();

        var store = services.GetRequiredService<IMetricStore>();
        await store.InitializeAsync(Ct);

        Assert.IsType<DynamoDbMetricStore>(store);
        Assert.Same(services.GetRequiredService<IAmazonDynamoDB>(), services.GetRequiredService<IAmazonDynamoDB>());
        Assert.Null(await store.GetStatusAsync(Ct));
    }

    [Fact]
    public void AddDynamoDbStore_WithoutATable_FailsWithAClearMessage()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tracker:DynamoDb:ServiceUrl"] = "http://127.0.0.1:1",
        }).Build();
        using var services = new ServiceCollection().AddDynamoDbStore(config).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IMetricStore>());
        Assert.Contains("Tracker:DynamoDb:Table is required", error.Message);
    }

    [Fact]
    public void SnapshotEncoding_SplitsALargeSetIntoChunksBelowTheLimit_AndReadsItBackInOrder()
    {
        var summaries = Enumerable.Range(0, 50).Select(i => new MetricSummary(new MetricId("price", $"s{i:D2}"), T0.AddDays(-1), T0,
            new WindowStats(2, i / 3.0, 0.1, 0, i), new Point(T0, i), new RankPlace(50 - i, 50), new RankPlace(50 - i, 50))).ToList();

        var chunks = SummarySnapshot.Encode(summaries, maxChunkBytes: 2_000);

        Assert.True(chunks.Count > 1, $"{chunks.Count} chunk(s)");
        Assert.All(chunks, c => Assert.True(System.Text.Encoding.UTF8.GetByteCount(c) <= 2_000));
        Assert.Equal(summaries, chunks.SelectMany(SummarySnapshot.Decode));
    }
}
