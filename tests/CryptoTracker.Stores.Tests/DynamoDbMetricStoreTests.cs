using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CryptoTracker.Core;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Alerts.Rules;
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

    private static TickCommit MinutesOf(int metrics, int fromMinute, int toMinute, IEnumerable<MetricSummary>? summaries = null) => new(
        [.. Enumerable.Range(fromMinute, toMinute - fromMinute + 1).SelectMany(m =>
            Enumerable.Range(0, metrics).Select(i => (new MetricId("price", $"s{i:D3}"), new Point(T0.AddMinutes(m), Value(i, m)))))],
        [], [.. summaries ?? []],
        new CollectorStatus(T0.AddMinutes(toMinute), T0.AddMinutes(toMinute), metrics, new SourceStatus("test", null, null, null, 0, 0), null),
        T0.AddMinutes(toMinute).AddDays(-1), T0.AddMinutes(toMinute).AddDays(-7));

    /// <summary>A value per metric and minute that no other (metric, minute) has.</summary>
    private static double Value(int metric, int minute) => metric * 1000 + minute + 0.25;

    private static List<Point> Expected(int metric, int fromMinute, int toMinute) =>
        [.. Enumerable.Range(fromMinute, toMinute - fromMinute + 1).Select(m => new Point(T0.AddMinutes(m), Value(metric, m)))];

    private async Task<List<Dictionary<string, AttributeValue>>> PartitionAsync(string table, string pk) =>
        (await _client.QueryAsync(new QueryRequest
        {
            TableName = table, KeyConditionExpression = "pk = :pk", ExpressionAttributeValues = new() { [":pk"] = new() { S = pk } },
        }, Ct)).Items;

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

        await store.CommitAsync(MinutesOf(metrics: 20, fromMinute: 0, toMinute: 60), Ct);

        for (var i = 0; i < 20; i++)
            Assert.Equal(Expected(i, 0, 60), await store.GetHistoryAsync(new MetricId("price", $"s{i:D3}"), T0.AddMinutes(-1), T0.AddHours(2), Ct));
        // 20 chunks of the closed hour + the tick item of minute 60 = 21 writes in one batch (stored 10, 5, 3, then 3),
        // a snapshot batch and a status batch: 3 batches, 3 resends.
        Assert.Equal(3 + 3, interceptor.BatchWriteCalls);
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

        Assert.Equal(1, error.Unprocessed); // the five points of the minute are one packed item
        Assert.Equal(3, interceptor.BatchWriteCalls);
        Assert.Null(await store.GetStatusAsync(Ct));
    }

    [Fact]
    public async Task Commit_OfOneMinute_WritesOnePackedTickItemAndNoPerMetricItem()
    {
        var options = dynalite.Options();
        var store = await NewStoreAsync(options: options);

        await store.CommitAsync(CommitOf(metrics: 30, minute: 1), Ct);

        var ticks = await PartitionAsync(options.Table, "v2#TICK");
        Assert.Equal("~STATUS", ticks[^1]["sk"].S); // the status sorts after the tick items
        var tick = Assert.Single(ticks[..^1]);
        Assert.StartsWith("2023-03-01T00:01:00Z#", tick["sk"].S);
        var points = PointPacking.DecodeTick(Compression.Decompress(tick["b"].B.ToArray())).ToList();
        Assert.Equal(Enumerable.Range(0, 30).Select(i => ($"price:s{i:D3}", i + 0.5)), points);
        Assert.Empty(await PartitionAsync(options.Table, "v2#HOUR#2023-03-01T00:00:00Z"));
    }

    [Fact]
    public async Task Commit_PastTheHour_FoldsTheClosedHourIntoOneChunkPerMetric_AndMovesTheFoldMark()
    {
        var options = dynalite.Options();
        var store = await NewStoreAsync(options: options);
        for (var m = 0; m < 62; m++) await store.CommitAsync(MinutesOf(3, m, m), Ct);

        var chunks = await PartitionAsync(options.Table, "v2#HOUR#2023-03-01T00:00:00Z");
        Assert.Equal(["price:s000", "price:s001", "price:s002"], chunks.Select(c => c["sk"].S));
        // 60 points: a 2-byte count, 60 × 2-byte seconds in the hour, 60 × 8-byte doubles = 602 bytes.
        Assert.All(chunks, c => Assert.Equal(602, c["b"].B.Length));
        Assert.Equal(Expected(1, 0, 59), PointPacking.DecodeChunk(1677628800, chunks[1]["b"].B.ToArray()));
        var status = await _client.GetItemAsync(options.Table, new() { ["pk"] = new() { S = "v2#TICK" }, ["sk"] = new() { S = "~STATUS" } }, Ct);
        Assert.Equal("1677632400", status.Item["folded"].N); // 2023-03-01T01:00Z: minutes 60 and 61 are read from tick items
        for (var i = 0; i < 3; i++)
        {
            var metric = new MetricId("price", $"s{i:D3}");
            Assert.Equal(Expected(i, 0, 61), await store.GetHistoryAsync(metric, T0.AddMinutes(-1), T0.AddMinutes(61), Ct));
            Assert.Equal(Expected(i, 59, 60), await store.GetHistoryAsync(metric, T0.AddMinutes(58).AddSeconds(30), T0.AddMinutes(60), Ct));
            Assert.Equal(Expected(i, 2, 61), await new DynamoDbMetricStore(_client, options).GetHistoryAsync(metric, T0.AddMinutes(1), DateTimeOffset.MaxValue, Ct));
        }
    }

    [Fact]
    public async Task Ticks_OfTheDefault24Metrics_WriteAtMostSixUnitsEach_OverAnHourWithItsFold_AndHistoryTakesTwoRequests()
    {
        var (client, interceptor) = DynamoDbInterceptor.Wrap(_client);
        var store = await NewStoreAsync(client);
        var clock = new ReplayClock(T0);
        var collector = new Collector(new TrackedMetrics(new RuleBook([AlertRule.Spike()])), store, clock, new CollectorOptions { CommitAttempts = 1 }, "test");
        var ids = Enumerable.Range(0, 24).Select(i => new MetricId(i % 2 == 0 ? "price" : "volume", $"c{i / 2:D2}usd")).ToArray();
        async Task TickAsync(int m)
        {
            clock.Set(T0.AddMinutes(m).AddSeconds(5));
            // Full-precision values (no short decimal form), the hardest case for the packed items.
            var report = await collector.IngestAsync([new MinuteQuotes(T0.AddMinutes(m), [.. ids.Select((id, i) => new Quote(id, 100 + i + Math.Sin(m * 0.37 + i)))])], Ct);
            Assert.True(report.Committed, report.StoreError);
        }
        for (var m = 0; m < 3; m++) await TickAsync(m);

        var before = interceptor.BatchWriteUnits;
        for (var m = 3; m < 63; m++) await TickAsync(m); // minute 60 folds hour 00:00 into 24 chunks
        var perTick = (interceptor.BatchWriteUnits - before) / 60;

        // The target for the default 24 metrics is at most 6 write units a tick (one item per point would be 24 + the summaries).
        Assert.InRange(perTick, 1, 6);
        var calls = interceptor.Calls.Values.Sum();
        var now = clock.GetUtcNow();
        var history = await store.GetHistoryAsync(ids[5], now - TrackedMetrics.WindowLength, now, Ct);
        Assert.Equal(63, history.Count);
        Assert.Equal(100 + 5 + Math.Sin(62 * 0.37 + 5), history[^1].V);
        Assert.Equal(2, interceptor.Calls.Values.Sum() - calls); // one BatchGetItem (status + chunks), one Query (tick items)
    }

    [Fact]
    public async Task Commit_ByARestartedWriterMidHour_FoldsThePointsThePreviousProcessWrote()
    {
        var options = dynalite.Options();
        var first = await NewStoreAsync(options: options);
        for (var m = 0; m < 30; m++) await first.CommitAsync(MinutesOf(2, m, m), Ct);

        var restarted = new DynamoDbMetricStore(_client, options);
        for (var m = 30; m < 61; m++) await restarted.CommitAsync(MinutesOf(2, m, m), Ct);

        var chunks = await PartitionAsync(options.Table, "v2#HOUR#2023-03-01T00:00:00Z");
        Assert.Equal(2, chunks.Count);
        Assert.Equal(Expected(0, 0, 59), PointPacking.DecodeChunk(1677628800, chunks[0]["b"].B.ToArray()));
        Assert.Equal(Expected(1, 0, 60), await first.GetHistoryAsync(new MetricId("price", "s001"), T0.AddDays(-1), T0.AddHours(1), Ct));
    }

    [Fact]
    public async Task Commit_AfterALongStop_FoldsNoHourThatLeftTheWindow()
    {
        var options = dynalite.Options();
        var store = await NewStoreAsync(options: options);
        for (var m = 0; m < 30; m++) await store.CommitAsync(MinutesOf(2, m, m), Ct);

        await store.CommitAsync(MinutesOf(2, 30 * 60, 30 * 60), Ct); // 30 h later: the window starts at 06:00

        Assert.Empty(await PartitionAsync(options.Table, "v2#HOUR#2023-03-01T00:00:00Z"));
        Assert.Equal(Expected(1, 1800, 1800), await store.GetHistoryAsync(new MetricId("price", "s001"), T0.AddHours(6), T0.AddHours(31), Ct));
        var status = await _client.GetItemAsync(options.Table, new() { ["pk"] = new() { S = "v2#TICK" }, ["sk"] = new() { S = "~STATUS" } }, Ct);
        Assert.Equal("1677632400", status.Item["folded"].N); // 01:00: hour 00:00 is behind the mark, its chunks never written
    }

    [Fact]
    public async Task Commit_OfALatePointForAFoldedHour_AddsItToTheStoredChunk()
    {
        var options = dynalite.Options();
        var store = await NewStoreAsync(options: options);
        var btc = new MetricId("price", "s000");
        var late = new MetricId("price", "late");
        var gaps = MinutesOf(1, 0, 65);
        await store.CommitAsync(gaps with { Points = [.. gaps.Points.Where(p => p.Point.T != T0.AddMinutes(7))] }, Ct);

        // Minute 7 of s000 and a new metric at minute 8, both in the folded hour 00:00.
        await store.CommitAsync(CommitOf(0, 66) with { Points = [(btc, new Point(T0.AddMinutes(7), 7.25)), (late, new Point(T0.AddMinutes(8), 99))] }, Ct);

        Assert.Equal(Expected(0, 0, 65), await store.GetHistoryAsync(btc, T0.AddMinutes(-1), T0.AddHours(2), Ct));
        Assert.Equal([new Point(T0.AddMinutes(8), 99)], await store.GetHistoryAsync(late, T0.AddMinutes(-1), T0.AddHours(2), Ct));
        var loaded = await new DynamoDbMetricStore(_client, options).LoadAsync(T0.AddMinutes(-1), T0.AddDays(-7), Ct);
        Assert.Equal(67, loaded.Points.Count);
    }

    [Fact]
    public async Task Reads_OfATableWrittenByTheEarlierLayout_SeeNoPointsNoSummaryNoStatus_ButKeepTheAlerts()
    {
        var options = dynalite.Options();
        var store = await NewStoreAsync(options: options);
        Dictionary<string, AttributeValue> Item(string pk, string sk, params (string Name, AttributeValue Value)[] more)
        {
            var item = new Dictionary<string, AttributeValue> { ["pk"] = new() { S = pk }, ["sk"] = new() { S = sk } };
            foreach (var (name, value) in more) item[name] = value;
            return item;
        }
        // What the earlier layout left: a point item, a registry item, a snapshot chunk, the status and an alert.
        foreach (var item in new[]
                 {
                     Item("POINT#price:s000", "2023-03-01T00:01:00Z", ("v", new() { N = "1.5" })),
                     Item("METRIC", "price:s000"),
                     Item("SUMMARY", $"{T0.UtcTicks:D19}#0000", ("chunks", new() { N = "1" }), ("body", new() { S = "[]" })),
                     Item("STATUS", "STATUS", ("metrics", new() { N = "1" }), ("source", new() { S = "kraken" }), ("failures", new() { N = "0" }), ("rejected", new() { N = "0" })),
                     Item("ALERT", "2023-03-01T00:01:00Z#price:s000@20230301T0001Z", ("id", new() { S = "price:s000@20230301T0001Z" }),
                         ("metric", new() { S = "price:s000" }), ("t", new() { N = "1677628860" }), ("value", new() { N = "9" }),
                         ("average", new() { N = "3" }), ("ratio", new() { N = "3" })),
                 })
            await _client.PutItemAsync(options.Table, item, Ct);

        Assert.Empty(await store.GetHistoryAsync(new MetricId("price", "s000"), T0, T0.AddHours(1), Ct));
        Assert.Empty(await store.GetSummariesAsync(Ct));
        Assert.Null(await store.GetStatusAsync(Ct));
        var loaded = await store.LoadAsync(T0.AddDays(-1), T0.AddDays(-7), Ct);
        Assert.Empty(loaded.Points);
        Assert.Equal(["price:s000@20230301T0001Z"], loaded.Alerts.Select(a => a.Id));
        Assert.Equal(["price:s000@20230301T0001Z"], (await store.GetUndeliveredAlertsAsync(AlertChannels.Sns, T0, Ct)).Select(a => a.Id));
    }

    [Fact]
    public async Task Summaries_WhileANewerSnapshotIsIncomplete_StillServeTheLastCompleteOne()
    {
        var options = dynalite.Options();
        var store = await NewStoreAsync(options: options);
        var summary = new MetricSummary(new MetricId("price", "btcusd"), T0.AddDays(-1), T0, new WindowStats(1, 2, null, 2, 2),
            new Point(T0, 2), new RankPlace(null, 0), new RankPlace(1, 1));
        await store.CommitAsync(CommitOf(0, 0, [summary]), Ct);

        // A writer that died after the first of two parts of a newer snapshot in the other slot.
        await _client.PutItemAsync(new PutItemRequest
        {
            TableName = options.Table,
            Item = new()
            {
                ["pk"] = new() { S = "v2#SUMMARY" }, ["sk"] = new() { S = "1#0000" },
                ["stamp"] = new() { N = long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                ["parts"] = new() { N = "2" }, ["b"] = new() { B = new MemoryStream([1, 2, 3]) },
            },
        }, Ct);

        Assert.Equal([summary], await store.GetSummariesAsync(Ct));
    }

    [Fact]
    public async Task Commit_ByARestartedWriter_OverwritesTheOlderSlot_AndRemovesPartsALongerSnapshotLeft()
    {
        var options = dynalite.Options();
        options.SummaryPartBytes = 100; // a few summaries already take several parts
        var first = await NewStoreAsync(options: options);
        var summaries = Enumerable.Range(0, 20).Select(i => new MetricSummary(new MetricId("price", $"s{i:D2}"), T0.AddDays(-1), T0,
            new WindowStats(1, i / 7.0, null, i, i), new Point(T0, i), new RankPlace(null, 0), new RankPlace(20 - i, 20))).ToList();
        await first.CommitAsync(CommitOf(0, 0, summaries), Ct);
        await first.CommitAsync(CommitOf(0, 1, summaries), Ct);
        var long1 = (await PartitionAsync(options.Table, "v2#SUMMARY")).Count;
        Assert.True(long1 > 2, $"{long1} parts in two slots");
        Assert.Equal(summaries, await first.GetSummariesAsync(Ct));

        var restarted = new DynamoDbMetricStore(_client, options);
        await restarted.CommitAsync(CommitOf(0, 2, summaries[..1]), Ct);
        await restarted.CommitAsync(CommitOf(0, 3, summaries[..2]), Ct);

        Assert.Equal(summaries[..2], await first.GetSummariesAsync(Ct));
        // Each slot now holds one short snapshot (one or two parts); the longer ones' extra parts are gone.
        var left = await PartitionAsync(options.Table, "v2#SUMMARY");
        Assert.True(left.Count <= 4, string.Join(", ", left.Select(i => i["sk"].S)));
        Assert.Equal(2, left.Select(i => i["sk"].S[0]).Distinct().Count());
    }

    [Fact]
    public async Task Commit_WritesPointsWithATtlOfADayAndAnHourAfterTheirMinute()
    {
        var options = dynalite.Options();
        var wallClock = new ReplayClock(T0.AddMinutes(-30)); // the real time is earlier than the point: the point's time counts
        var store = new DynamoDbMetricStore(_client, options, wallClock);
        await store.InitializeAsync(Ct);

        await store.CommitAsync(CommitOf(1, 1), Ct);

        var item = (await PartitionAsync(options.Table, "v2#TICK"))[0];
        // 2023-03-01T00:01Z = 1677628860; + 25 h (90,000 s) = 1677718860.
        Assert.Equal("1677718860", item["expiresAt"].N);
        Assert.Equal([("price:s000", 0.5)], PointPacking.DecodeTick(Compression.Decompress(item["b"].B.ToArray())));
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
    public void SnapshotEncoding_SplitsALargeSetIntoPartsBelowTheLimit_AndReadsItBackInOrder()
    {
        var summaries = Enumerable.Range(0, 50).Select(i => new MetricSummary(new MetricId("price", $"s{i:D2}"), T0.AddDays(-1), T0,
            new WindowStats(2, i / 3.0, 0.1, 0, i), new Point(T0, i), new RankPlace(50 - i, 50), new RankPlace(50 - i, 50))).ToList();

        var parts = SummarySnapshot.Encode(summaries, maxPartBytes: 200);

        Assert.True(parts.Count > 1, $"{parts.Count} part(s)");
        Assert.All(parts, p => Assert.True(p.Length <= 200));
        Assert.Equal(summaries, SummarySnapshot.Decode(parts));
    }

    [Fact]
    public void SnapshotEncoding_KeepsTimesToTheSecondInUtc()
    {
        var summary = new MetricSummary(new MetricId("price", "btcusd"), T0.AddDays(-1).AddSeconds(7.5), new DateTimeOffset(2023, 3, 1, 2, 0, 7, 900, TimeSpan.FromHours(2)),
            new WindowStats(1, 2, null, 2, 2), new Point(T0, 2), new RankPlace(null, 0), new RankPlace(1, 1));

        var read = SummarySnapshot.Decode(SummarySnapshot.Encode([summary])).Single();

        Assert.Equal(T0.AddDays(-1).AddSeconds(7), read.WindowFrom);
        Assert.Equal(T0.AddSeconds(7), read.WindowTo); // 02:00:07.9 at +02:00 is 00:00:07 UTC
        Assert.Equal(TimeSpan.Zero, read.WindowTo.Offset);
    }
}
