using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;

namespace CryptoTracker.DynamoDb;

/// <summary>A commit gave up: DynamoDB kept handing back unprocessed writes. The collector keeps the tick and retries it.</summary>
public sealed class UnprocessedWritesException(int unprocessed, int attempts)
    : Exception($"DynamoDB left {unprocessed} write(s) unprocessed after {attempts} BatchWriteItem attempts.")
{
    public int Unprocessed { get; } = unprocessed;
}

/// <summary>
/// The store in one DynamoDB table (keys <c>pk</c>/<c>sk</c>, TTL on <c>expiresAt</c>); the design is in docs/dynamodb.md.
/// A tick costs O(N) writes: one item per new point, a summary snapshot of a few chunks, the status. Reads are single
/// Queries bounded by the sort key, so items past the caller's cutoff that TTL has not deleted yet are never returned.
/// Meant for one writer (the collector); any number of readers.
/// </summary>
public sealed partial class DynamoDbMetricStore : IMetricStore
{
    internal const string Pk = "pk", Sk = "sk", ExpiresAt = "expiresAt";
    internal const string MetricPartition = "METRIC", AlertPartition = "ALERT", SummaryPartition = "SUMMARY", StatusPartition = "STATUS";
    internal static string PointPartition(MetricId metric) => $"POINT#{metric}";

    /// <summary>TTL margin after the end of retention: TTL is only a janitor, reads never depend on it.</summary>
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromHours(1);

    /// <summary>A metric's registry item outlives its newest point by a day, so it is rewritten about once a day per metric.</summary>
    private static readonly TimeSpan RegistrySlack = TimeSpan.FromHours(24);

    private const int BatchLimit = 25;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private readonly IAmazonDynamoDB _client;
    private readonly DynamoDbStoreOptions _options;
    private readonly TimeProvider _wallClock;
    private readonly SemaphoreSlim _commitGate = new(1, 1);

    // What this writer knows it stored; lost on restart, then learnt again with one query.
    private readonly Dictionary<MetricId, long> _registryExpiry = [];
    private HashSet<string>? _snapshotKeys;
    private long _lastStamp;

    /// <param name="wallClock">
    /// The real time, for TTL only: an item expires at most a retention after max(its time, now), so replayed old data
    /// is not deleted by TTL before the replay is over. Defaults to the system clock.
    /// </param>
    public DynamoDbMetricStore(IAmazonDynamoDB client, DynamoDbStoreOptions options, TimeProvider? wallClock = null)
    {
        if (string.IsNullOrWhiteSpace(options.Table)) throw new ArgumentException("The DynamoDB table name is required.", nameof(options));
        _client = client;
        _options = options;
        _wallClock = wallClock ?? TimeProvider.System;
    }

    public string Table => _options.Table;

    public async Task InitializeAsync(CancellationToken ct)
    {
        // In AWS the CDK stack owns the table (and its TTL setting); the application never creates or alters it.
        if (!_options.IsLocal) return;
        try
        {
            await _client.DescribeTableAsync(new DescribeTableRequest { TableName = Table }, ct);
            return;
        }
        catch (ResourceNotFoundException)
        {
        }
        try
        {
            await _client.CreateTableAsync(new CreateTableRequest
            {
                TableName = Table,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions = [new(Pk, ScalarAttributeType.S), new(Sk, ScalarAttributeType.S)],
                KeySchema = [new(Pk, KeyType.HASH), new(Sk, KeyType.RANGE)],
            }, ct);
        }
        catch (ResourceInUseException)
        {
            // Another process created it first.
        }
        for (var i = 0; i < 100; i++)
        {
            var table = await _client.DescribeTableAsync(new DescribeTableRequest { TableName = Table }, ct);
            if (table.Table.TableStatus == TableStatus.ACTIVE) return;
            await Task.Delay(100, ct);
        }
        throw new InvalidOperationException($"DynamoDB table '{Table}' did not become ACTIVE.");
    }

    public async Task<StoredState> LoadAsync(DateTimeOffset pointsAfter, DateTimeOffset alertsAfter, CancellationToken ct)
    {
        // Cold start: one query for the metric registry, then one query per metric, a few at a time.
        var metrics = new List<MetricId>();
        await foreach (var item in QueryAsync(new QueryRequest
                       {
                           KeyConditionExpression = "pk = :pk",
                           ExpressionAttributeValues = new() { [":pk"] = S(MetricPartition) },
                       }, ct))
        {
            metrics.Add(MetricId.Parse(item[Sk].S));
        }
        metrics.Sort((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));

        var perMetric = new IReadOnlyList<Point>[metrics.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, metrics.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (i, token) => perMetric[i] = await GetHistoryAsync(metrics[i], pointsAfter, DateTimeOffset.MaxValue, token));

        var points = new List<(MetricId, Point)>(perMetric.Sum(p => p.Count));
        for (var i = 0; i < metrics.Count; i++)
            foreach (var p in perMetric[i]) points.Add((metrics[i], p));
        return new StoredState(points, await GetAlertsAsync(alertsAfter, ct));
    }

    public async Task CommitAsync(TickCommit commit, CancellationToken ct)
    {
        await _commitGate.WaitAsync(ct);
        try
        {
            await CommitCoreAsync(commit, ct);
        }
        finally
        {
            _commitGate.Release();
        }
    }

    private async Task CommitCoreAsync(TickCommit commit, CancellationToken ct)
    {
        var wallNow = _wallClock.GetUtcNow();
        var commitNow = commit.Status.LastCommit ?? wallNow;
        var pointLife = Max(commitNow - commit.PointsCutoff, TimeSpan.Zero) + ExpiryMargin;
        var alertLife = Max(commitNow - commit.AlertsCutoff, TimeSpan.Zero) + ExpiryMargin;

        // 1. Points (a repeated (metric, minute) in one batch is refused by DynamoDB: the first value wins, as in SQLite),
        //    plus a registry item for each metric this writer has not registered recently.
        var writes = new List<WriteRequest>(commit.Points.Count + 16);
        var seen = new HashSet<(MetricId, long)>();
        var registry = new Dictionary<MetricId, long>();
        foreach (var (metric, point) in commit.Points)
        {
            var t = point.T.ToUnixTimeSeconds();
            if (!seen.Add((metric, t))) continue;
            var expires = Expiry(point.T, wallNow, pointLife);
            writes.Add(Put(new()
            {
                [Pk] = S(PointPartition(metric)),
                [Sk] = S(TimeKey(t)),
                ["v"] = N(point.V),
                [ExpiresAt] = N(expires),
            }));
            var known = _registryExpiry.GetValueOrDefault(metric, long.MinValue);
            if (expires > known && expires > registry.GetValueOrDefault(metric, long.MinValue)) registry[metric] = expires;
        }
        foreach (var (metric, expires) in registry)
        {
            writes.Add(Put(new()
            {
                [Pk] = S(MetricPartition),
                [Sk] = S(metric.ToString()),
                [ExpiresAt] = N(expires + (long)RegistrySlack.TotalSeconds),
            }));
        }
        await WriteAllAsync(writes, ct);
        foreach (var (metric, expires) in registry) _registryExpiry[metric] = expires + (long)RegistrySlack.TotalSeconds;

        // 2. Alerts: a conditional put, so a retried commit never clears the published mark of an alert already sent.
        foreach (var alert in commit.Alerts.DistinctBy(a => a.Id))
            await PutAlertAsync(alert, Expiry(alert.T, wallNow, alertLife), ct);

        // 3. The summary snapshot under a new stamp; readers switch to it once all its chunks are there.
        _snapshotKeys ??= await ReadSnapshotKeysAsync(ct);
        var stamp = Math.Max(wallNow.UtcTicks, _lastStamp + 1);
        var chunks = SummarySnapshot.Encode(commit.Summaries);
        var chunkWrites = new List<WriteRequest>(chunks.Count);
        var newKeys = new List<string>(chunks.Count);
        for (var i = 0; i < chunks.Count; i++)
        {
            var key = SnapshotKey(stamp, i);
            newKeys.Add(key);
            chunkWrites.Add(Put(new()
            {
                [Pk] = S(SummaryPartition),
                [Sk] = S(key),
                ["chunks"] = N(chunks.Count),
                ["body"] = S(chunks[i]),
            }));
        }
        await WriteAllAsync(chunkWrites, ct);
        _lastStamp = stamp;
        _snapshotKeys.UnionWith(newKeys);

        // 4. The status, and the superseded snapshots out of the way.
        var stale = _snapshotKeys.Except(newKeys).ToList();
        var final = new List<WriteRequest>(stale.Count + 1) { Put(StatusItem(commit.Status)) };
        final.AddRange(stale.Select(k => new WriteRequest(new DeleteRequest(new() { [Pk] = S(SummaryPartition), [Sk] = S(k) }))));
        await WriteAllAsync(final, ct);
        _snapshotKeys.ExceptWith(stale);
    }

    private async Task PutAlertAsync(Alert alert, long expires, CancellationToken ct)
    {
        var t = alert.T.ToUnixTimeSeconds();
        try
        {
            await _client.PutItemAsync(new PutItemRequest
            {
                TableName = Table,
                Item = new()
                {
                    [Pk] = S(AlertPartition),
                    [Sk] = S($"{TimeKey(t)}#{alert.Id}"),
                    ["id"] = S(alert.Id),
                    ["metric"] = S(alert.Metric.ToString()),
                    ["t"] = N(t),
                    ["value"] = N(alert.Value),
                    ["average"] = N(alert.Average),
                    ["ratio"] = N(alert.Ratio),
                    [ExpiresAt] = N(expires),
                },
                ConditionExpression = "attribute_not_exists(pk)",
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            }, ct);
        }
        catch (ConditionalCheckFailedException)
        {
            // Stored by an earlier attempt of this tick: keep it as it is.
        }
    }

    private async Task<HashSet<string>> ReadSnapshotKeysAsync(CancellationToken ct)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var item in QueryAsync(new QueryRequest
                       {
                           KeyConditionExpression = "pk = :pk",
                           ExpressionAttributeValues = new() { [":pk"] = S(SummaryPartition) },
                           ProjectionExpression = "sk",
                       }, ct))
        {
            keys.Add(item[Sk].S);
            if (long.TryParse(item[Sk].S.AsSpan(0, 19), NumberStyles.None, Invariant, out var stamp)) _lastStamp = Math.Max(_lastStamp, stamp);
        }
        return keys;
    }

    public async Task<IReadOnlyList<MetricSummary>> GetSummariesAsync(CancellationToken ct)
    {
        // Newest stamp first; the first stamp with all its chunks present is the current set.
        long? stamp = null;
        var bodies = new List<string>();
        await foreach (var item in QueryAsync(new QueryRequest
                       {
                           KeyConditionExpression = "pk = :pk",
                           ExpressionAttributeValues = new() { [":pk"] = S(SummaryPartition) },
                           ScanIndexForward = false,
                       }, ct))
        {
            var itemStamp = long.Parse(item[Sk].S.AsSpan(0, 19), NumberStyles.None, Invariant);
            if (itemStamp != stamp)
            {
                stamp = itemStamp;
                bodies.Clear();
            }
            bodies.Add(item["body"].S);
            if (bodies.Count == ReadInt(item["chunks"]))
            {
                bodies.Reverse(); // chunks came last first
                return bodies.SelectMany(SummarySnapshot.Decode).ToList();
            }
        }
        return [];
    }

    public async Task<IReadOnlyList<Point>> GetHistoryAsync(MetricId metric, DateTimeOffset after, DateTimeOffset upTo, CancellationToken ct)
    {
        // after < t ≤ upTo at the store's one-second resolution, as a key range.
        var from = after.ToUnixTimeSeconds();
        var to = upTo.ToUnixTimeSeconds();
        if (from >= to) return [];
        var points = new List<Point>();
        await foreach (var item in QueryAsync(new QueryRequest
                       {
                           KeyConditionExpression = "pk = :pk AND sk BETWEEN :from AND :to",
                           ExpressionAttributeValues = new()
                           {
                               [":pk"] = S(PointPartition(metric)), [":from"] = S(TimeKey(from + 1)), [":to"] = S(TimeKey(to)),
                           },
                       }, ct))
        {
            points.Add(new Point(ParseTimeKey(item[Sk].S), ReadDouble(item["v"])));
        }
        return points;
    }

    public Task<IReadOnlyList<Alert>> GetAlertsAsync(DateTimeOffset after, CancellationToken ct) => QueryAlertsAsync(after, undeliveredTo: null, ct);

    private async Task<IReadOnlyList<Alert>> QueryAlertsAsync(DateTimeOffset after, string? undeliveredTo, CancellationToken ct)
    {
        var from = after.ToUnixTimeSeconds();
        var alerts = new List<Alert>();
        if (from >= MaxSeconds) return alerts;
        await foreach (var item in QueryAsync(new QueryRequest
                       {
                           KeyConditionExpression = "pk = :pk AND sk >= :from",
                           ExpressionAttributeValues = new() { [":pk"] = S(AlertPartition), [":from"] = S(TimeKey(from + 1)) },
                           FilterExpression = undeliveredTo is null ? null : "attribute_not_exists(#delivered)",
                           ExpressionAttributeNames = undeliveredTo is null ? null : new() { ["#delivered"] = DeliveredAttribute(undeliveredTo) },
                       }, ct))
        {
            alerts.Add(new Alert(
                item["id"].S, MetricId.Parse(item["metric"].S), DateTimeOffset.FromUnixTimeSeconds(ReadLong(item["t"])),
                ReadDouble(item["value"]), ReadDouble(item["average"]), ReadDouble(item["ratio"])));
        }
        return alerts;
    }

    public async Task<CollectorStatus?> GetStatusAsync(CancellationToken ct)
    {
        var response = await _client.GetItemAsync(new GetItemRequest
        {
            TableName = Table,
            Key = new() { [Pk] = S(StatusPartition), [Sk] = S(StatusPartition) },
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        }, ct);
        if (response.Item is not { Count: > 0 } item) return null;
        DateTimeOffset? At(string name) => item.TryGetValue(name, out var v) ? DateTimeOffset.FromUnixTimeSeconds(ReadLong(v)) : null;
        return new CollectorStatus(
            At("lastTick"), At("lastCommit"), ReadInt(item["metrics"]),
            new SourceStatus(
                item["source"].S, At("lastSuccess"), At("lastFailure"),
                item.TryGetValue("lastError", out var error) ? error.S : null,
                ReadInt(item["failures"]), ReadLong(item["rejected"])),
            item.TryGetValue("replayFinished", out var replay) ? replay.BOOL : null);
    }

    private static Dictionary<string, AttributeValue> StatusItem(CollectorStatus status)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [Pk] = S(StatusPartition),
            [Sk] = S(StatusPartition),
            ["metrics"] = N(status.Metrics),
            ["source"] = S(status.Source.Name),
            ["failures"] = N(status.Source.ConsecutiveFailures),
            ["rejected"] = N(status.Source.RejectedValues),
        };
        void At(string name, DateTimeOffset? t)
        {
            if (t is { } value) item[name] = N(value.ToUnixTimeSeconds());
        }
        At("lastTick", status.LastTick);
        At("lastCommit", status.LastCommit);
        At("lastSuccess", status.Source.LastSuccess);
        At("lastFailure", status.Source.LastFailure);
        if (status.Source.LastError is { } error) item["lastError"] = S(error);
        if (status.ReplayFinished is { } replay) item["replayFinished"] = new AttributeValue { BOOL = replay };
        return item;
    }

    private async Task WriteAllAsync(List<WriteRequest> writes, CancellationToken ct)
    {
        if (writes.Count == 0) return;
        var batches = writes.Chunk(BatchLimit).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = _options.ParallelBatches, CancellationToken = ct },
            async (batch, token) => await WriteBatchAsync([.. batch], token));
    }

    /// <summary>One BatchWriteItem; what DynamoDB leaves unprocessed is resent with exponential back-off, then the commit fails.</summary>
    private async Task WriteBatchAsync(List<WriteRequest> batch, CancellationToken ct)
    {
        var pending = new Dictionary<string, List<WriteRequest>> { [Table] = batch };
        var delay = _options.BatchRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            var response = await _client.BatchWriteItemAsync(new BatchWriteItemRequest
            {
                RequestItems = pending,
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            }, ct);
            var unprocessed = response.UnprocessedItems is { Count: > 0 } u ? u.Values.Sum(l => l?.Count ?? 0) : 0;
            if (unprocessed == 0) return;
            if (attempt >= _options.BatchWriteAttempts) throw new UnprocessedWritesException(unprocessed, attempt);
            pending = response.UnprocessedItems.Where(e => e.Value is { Count: > 0 }).ToDictionary(e => e.Key, e => e.Value);
            var jittered = delay * (0.5 + Random.Shared.NextDouble() / 2);
            await Task.Delay(jittered, ct);
            delay = Min(delay * 2, TimeSpan.FromSeconds(5));
        }
    }

    private async IAsyncEnumerable<Dictionary<string, AttributeValue>> QueryAsync(
        QueryRequest request, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        request.TableName = Table;
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        do
        {
            var response = await _client.QueryAsync(request, ct);
            foreach (var item in response.Items ?? []) yield return item;
            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        } while (request.ExclusiveStartKey is not null);
    }

    /// <summary>Sortable UTC second: <c>2023-03-01T00:05:00Z</c>.</summary>
    internal static string TimeKey(long unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(unixSeconds, MinSeconds, MaxSeconds)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Invariant);

    private static readonly long MinSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds(), MaxSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private static DateTimeOffset ParseTimeKey(string key) =>
        new(DateTime.ParseExact(key.AsSpan(0, 20), "yyyy-MM-dd'T'HH:mm:ss'Z'", Invariant, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);

    /// <summary>Stamp (UTC ticks, 19 digits) then chunk: newest snapshot first when queried backwards.</summary>
    private static string SnapshotKey(long stamp, int chunk) => $"{stamp.ToString("D19", Invariant)}#{chunk.ToString("D4", Invariant)}";

    private static long Expiry(DateTimeOffset t, DateTimeOffset wallNow, TimeSpan life) => (Max(t, wallNow) + life).ToUnixTimeSeconds();

    private static WriteRequest Put(Dictionary<string, AttributeValue> item) => new(new PutRequest(item));
    private static AttributeValue S(string value) => new() { S = value };
    private static AttributeValue N(double value) => new() { N = value.ToString("R", Invariant) };
    private static AttributeValue N(long value) => new() { N = value.ToString(Invariant) };
    private static double ReadDouble(AttributeValue value) => double.Parse(value.N, NumberStyles.Float, Invariant);
    private static long ReadLong(AttributeValue value) => long.Parse(value.N, NumberStyles.Integer, Invariant);
    private static int ReadInt(AttributeValue value) => int.Parse(value.N, NumberStyles.Integer, Invariant);
    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
