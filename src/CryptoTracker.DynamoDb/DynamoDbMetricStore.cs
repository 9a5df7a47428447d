using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using static CryptoTracker.DynamoDb.ItemAttributes;

namespace CryptoTracker.DynamoDb;

/// <summary>
/// The store in one DynamoDB table (keys <c>pk</c>/<c>sk</c>, TTL on <c>expiresAt</c>); the design is in docs/dynamodb.md.
/// A tick writes one packed item with every metric's point, the summary snapshot in place and the status; once an hour
/// the closed hour is folded into one small chunk per metric. Reads combine the closed hours' chunks with the tick items
/// after the fold mark, always bounded by the caller's cutoff, so items TTL has not deleted yet are never returned.
/// Meant for one writer (the collector); any number of readers.
/// </summary>
public sealed partial class DynamoDbMetricStore : IMetricStore
{
    /// <summary>TTL margin after the end of retention: TTL is only a janitor, reads never depend on it.</summary>
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromHours(1);

    /// <summary>A history range up to this many hours reads the status and the chunks in one BatchGetItem.</summary>
    private const int DirectHours = 48;

    private readonly DynamoDbTable _table;
    private readonly AlertItems _alerts;
    private readonly DynamoDbStoreOptions _options;
    private readonly TimeProvider _wallClock;
    private readonly SemaphoreSlim _commitGate = new(1, 1);

    // What this writer knows it stored; learnt from the table on the first load or commit of the process.
    private OpenHours? _open;
    private SummarySlots? _slots;

    /// <summary>Tick items per page of the writer's descending query: the status and an hour of ticks fit one page.</summary>
    private const int TailPage = 64;

    /// <param name="wallClock">
    /// The real time, for TTL only: an item expires at most a retention after max(its time, now), so replayed old data
    /// is not deleted by TTL before the replay is over. Defaults to the system clock.
    /// </param>
    public DynamoDbMetricStore(IAmazonDynamoDB client, DynamoDbStoreOptions options, TimeProvider? wallClock = null)
    {
        if (string.IsNullOrWhiteSpace(options.Table)) throw new ArgumentException("The DynamoDB table name is required.", nameof(options));
        _options = options;
        _wallClock = wallClock ?? TimeProvider.System;
        _table = new DynamoDbTable(client, options, _wallClock);
        _alerts = new AlertItems(_table);
    }

    public string Table => _options.Table;

    public async Task InitializeAsync(CancellationToken ct)
    {
        // In AWS the CDK stack owns the table (and its TTL setting); the application never creates or alters it.
        if (!_options.IsLocal) return;
        var client = _table.Client;
        try
        {
            await client.DescribeTableAsync(new DescribeTableRequest { TableName = Table }, ct);
            return;
        }
        catch (ResourceNotFoundException)
        {
        }
        try
        {
            await client.CreateTableAsync(new CreateTableRequest
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
            var table = await client.DescribeTableAsync(new DescribeTableRequest { TableName = Table }, ct);
            if (table.Table.TableStatus == TableStatus.ACTIVE) return;
            await Task.Delay(100, ct);
        }
        throw new InvalidOperationException($"DynamoDB table '{Table}' did not become ACTIVE.");
    }

    public async Task<StoredState> LoadAsync(DateTimeOffset pointsAfter, DateTimeOffset alertsAfter, CancellationToken ct)
    {
        await _commitGate.WaitAsync(ct);
        try
        {
            // Cold start: the status and the tick items after the fold mark (what the writer needs anyway), then one
            // query per closed hour of the window, a few at a time, and the alerts.
            var (open, slots) = await ReadWriterStateAsync(ct);
            _open ??= open;
            _slots ??= slots;
            var from = pointsAfter.ToUnixTimeSeconds() + 1;
            var byMetric = new SortedDictionary<string, SortedDictionary<long, double>>(StringComparer.Ordinal);
            void Add(string metric, long t, double v)
            {
                if (t < from) return;
                if (!byMetric.TryGetValue(metric, out var points)) byMetric[metric] = points = [];
                points.TryAdd(t, v);
            }

            var hours = ClosedHours(open, from, MaxSeconds);
            var chunks = new List<(long Hour, string Metric, byte[] Body)>[hours.Count];
            var alerts = _alerts.QueryAsync(alertsAfter, undeliveredTo: null, ct);
            await Parallel.ForEachAsync(Enumerable.Range(0, hours.Count),
                new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
                async (i, token) =>
                {
                    var items = await _table.QueryAllAsync(new QueryRequest
                    {
                        KeyConditionExpression = "pk = :pk",
                        ExpressionAttributeValues = new() { [":pk"] = S(HourPartition(hours[i])) },
                    }, token);
                    chunks[i] = [.. items.Select(item => (hours[i], item[Sk].S, ReadBytes(item[Body])))];
                });
            foreach (var (hour, metric, body) in chunks.SelectMany(c => c))
                foreach (var p in PointPacking.DecodeChunk(hour, body))
                    if (p.T.ToUnixTimeSeconds() < open.Folded) Add(metric, p.T.ToUnixTimeSeconds(), p.V);
            foreach (var (metric, t, v) in open.Points()) Add(metric, t, v);

            var points = new List<(MetricId, Point)>(byMetric.Sum(m => m.Value.Count));
            foreach (var (metric, series) in byMetric)
            {
                var id = MetricId.Parse(metric);
                foreach (var (t, v) in series) points.Add((id, new Point(DateTimeOffset.FromUnixTimeSeconds(t), v)));
            }
            return new StoredState(points, await alerts);
        }
        finally
        {
            _commitGate.Release();
        }
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
        if (_open is null || _slots is null) (_open, _slots) = await ReadWriterStateAsync(ct);
        var open = _open;

        // 1. Points. At or after the fold mark they join the open hours; before it (rare: a late point) they are merged
        //    into the stored chunk of their hour. A repeated (metric, second) keeps its first value, as in SQLite.
        var fresh = new List<(string Metric, long T, double V)>();
        var late = new Dictionary<(long Hour, string Metric), SortedDictionary<long, double>>();
        foreach (var (metric, point) in commit.Points)
        {
            var t = point.T.ToUnixTimeSeconds();
            var name = metric.ToString();
            if (t >= open.Folded)
            {
                fresh.Add((name, t, open.Add(name, t, point.V)));
                continue;
            }
            if (!late.TryGetValue((HourStart(t), name), out var points)) late[(HourStart(t), name)] = points = [];
            points.TryAdd(t, point.V);
        }
        var folding = open.ClosedHours();
        var writes = new List<WriteRequest>();

        //    This commit's points of hours still open: one packed item per second (in practice one per tick), named by
        //    its content so that a retried commit overwrites it with the same bytes.
        foreach (var second in fresh.Where(p => !folding.Contains(HourStart(p.T))).GroupBy(p => p.T))
        {
            var expires = Expiry(second.Key, wallNow, pointLife);
            foreach (var (body, hash) in PointPacking.EncodeTick(second.DistinctBy(p => p.Metric).Select(p => (p.Metric, p.V))))
            {
                writes.Add(Put(new()
                {
                    [Pk] = S(TickPartition), [Sk] = S($"{TimeKey(second.Key)}#{hash}"), [Body] = B(Compression.Compress(body)), [ExpiresAt] = N(expires),
                }));
            }
        }
        //    Hours behind the newest point: one chunk per metric (the tick items stay until TTL, unread). An hour wholly
        //    at or before the points cutoff (a writer back after a long stop) is out of the window: no read asks for it.
        var cutoff = commit.PointsCutoff.ToUnixTimeSeconds();
        foreach (var hour in folding.Where(h => h + HourSeconds - 1 > cutoff))
            foreach (var (metric, points) in open.Hour(hour))
                writes.Add(ChunkItem(hour, metric, points, wallNow, pointLife));
        //    Late points: read the stored chunks they belong to, add them (stored values win), write them back.
        if (late.Count > 0)
        {
            var stored = await _table.GetAllAsync([.. late.Keys.Select(k => (HourPartition(k.Hour), k.Metric))], ct);
            foreach (var item in stored)
            {
                var hour = HourOfPartition(item[Pk].S);
                var merged = late[(hour, item[Sk].S)];
                foreach (var p in PointPacking.DecodeChunk(hour, ReadBytes(item[Body]))) merged[p.T.ToUnixTimeSeconds()] = p.V;
            }
            foreach (var ((hour, metric), points) in late) writes.Add(ChunkItem(hour, metric, points, wallNow, pointLife));
        }
        await _table.WriteAllAsync(writes, ct);

        // 2. Alerts.
        foreach (var alert in commit.Alerts.DistinctBy(a => a.Id))
            await _alerts.PutAsync(alert, Expiry(alert.T.ToUnixTimeSeconds(), wallNow, alertLife), ct);

        // 3. The summary snapshot, overwriting the older of two slots; readers take the newest complete one.
        var slots = _slots;
        var snapshot = slots.Next(Math.Max(wallNow.UtcTicks, slots.LastStamp + 1), SummarySnapshot.Encode(commit.Summaries, _options.SummaryPartBytes));
        await _table.WriteAllAsync([.. snapshot.Parts.Select((part, i) => Put(new()
        {
            [Pk] = S(SummaryPartition), [Sk] = S(SummarySlots.PartKey(snapshot.Slot, i)),
            ["stamp"] = N(snapshot.Stamp), ["parts"] = N(snapshot.Parts.Count), [Body] = B(part),
        }))], ct);

        // 4. The status with the new fold mark (only now are the folded hours' chunks all stored), and the parts of a
        //    longer earlier snapshot in this slot out of the way.
        var folded = folding.Count > 0 ? Math.Max(open.Folded, folding.Max() + HourSeconds) : open.Folded;
        long? oldest = folding.Concat(late.Keys.Select(k => k.Hour)).Append(open.Oldest ?? long.MaxValue).Min();
        if (oldest == long.MaxValue) oldest = null;
        else oldest = Math.Max(oldest.Value, HourStart(cutoff + 1));
        var final = new List<WriteRequest> { Put(StatusItem(commit.Status, folded, oldest, slots.After(snapshot))) };
        final.AddRange(slots.StaleParts(snapshot).Select(key => Delete(SummaryPartition, key)));
        await _table.WriteAllAsync(final, ct);
        slots.Written(snapshot);
        open.Folding(folding, folded, oldest);
    }

    private static WriteRequest ChunkItem(long hour, string metric, SortedDictionary<long, double> points, DateTimeOffset wallNow, TimeSpan life) => Put(new()
    {
        [Pk] = S(HourPartition(hour)), [Sk] = S(metric), [Body] = B(PointPacking.EncodeChunk(hour, points)),
        [ExpiresAt] = N(Expiry(points.Keys.Max(), wallNow, life)),
    });

    /// <summary>
    /// The status (fold mark, summary slot) and the tick items after the fold mark, newest first in one descending query
    /// of the tick partition: the writer's starting point (consistent reads).
    /// </summary>
    private async Task<(OpenHours, SummarySlots)> ReadWriterStateAsync(CancellationToken ct)
    {
        Dictionary<string, AttributeValue>? status = null;
        var ticks = new List<Dictionary<string, AttributeValue>>();
        await foreach (var item in _table.QueryAsync(new QueryRequest
                       {
                           KeyConditionExpression = "pk = :pk",
                           ExpressionAttributeValues = new() { [":pk"] = S(TickPartition) },
                           ScanIndexForward = false,
                           ConsistentRead = true,
                           Limit = TailPage,
                       }, ct))
        {
            if (item[Sk].S == StatusKey)
            {
                status = item;
                continue;
            }
            // Newest first: the first tick item before the fold mark ends the tail (or the status was absent: all of them).
            if (status is not null && ParseTimeKey(item[Sk].S) < (ReadOptionalLong(status, "folded") ?? MinSeconds)) break;
            ticks.Add(item);
        }
        var open = new OpenHours(status is null ? MinSeconds : ReadOptionalLong(status, "folded") ?? MinSeconds,
            status is null ? null : ReadOptionalLong(status, "oldest"));
        foreach (var item in ticks)
        {
            var t = ParseTimeKey(item[Sk].S);
            foreach (var (metric, v) in PointPacking.DecodeTick(Compression.Decompress(ReadBytes(item[Body])))) open.Add(metric, t, v);
        }
        return (open, SummarySlots.From(status));
    }

    public async Task<IReadOnlyList<MetricSummary>> GetSummariesAsync(CancellationToken ct)
    {
        var items = await _table.QueryAllAsync(new QueryRequest
        {
            KeyConditionExpression = "pk = :pk",
            ExpressionAttributeValues = new() { [":pk"] = S(SummaryPartition) },
        }, ct);
        return SummarySlots.Current(items) is { } parts ? SummarySnapshot.Decode(parts) : [];
    }

    public async Task<IReadOnlyList<Point>> GetHistoryAsync(MetricId metric, DateTimeOffset after, DateTimeOffset upTo, CancellationToken ct)
    {
        // after < t ≤ upTo at the store's one-second resolution: the closed hours' chunks before the fold mark, the tick
        // items from it on. The status (with the mark) comes in the same BatchGetItem as the chunks of a normal range.
        var from = after.ToUnixTimeSeconds() + 1;
        var to = upTo.ToUnixTimeSeconds();
        if (from > to) return [];
        var name = metric.ToString();
        var direct = HourStart(to) - HourStart(from) <= DirectHours * HourSeconds;
        List<Dictionary<string, AttributeValue>> chunks;
        Dictionary<string, AttributeValue>? status;
        if (direct)
        {
            var keys = new List<(string, string)> { (StatusPartition, StatusKey) };
            for (var h = HourStart(from); h <= HourStart(to); h += HourSeconds) keys.Add((HourPartition(h), name));
            var items = await _table.GetAllAsync(keys, ct);
            status = items.FirstOrDefault(i => i[Sk].S == StatusKey);
            chunks = [.. items.Where(i => i[Sk].S != StatusKey)];
        }
        else
        {
            status = await _table.GetAsync(StatusPartition, StatusKey, ct);
            var bounds = new OpenHours(status is null ? MinSeconds : ReadOptionalLong(status, "folded") ?? MinSeconds,
                status is null ? null : ReadOptionalLong(status, "oldest"));
            chunks = await _table.GetAllAsync([.. ClosedHours(bounds, from, to).Select(h => (HourPartition(h), name))], ct);
        }
        var folded = status is null ? MinSeconds : ReadOptionalLong(status, "folded") ?? MinSeconds;

        var series = new SortedDictionary<long, double>();
        foreach (var chunk in chunks)
        {
            var hour = HourOfPartition(chunk[Pk].S);
            foreach (var p in PointPacking.DecodeChunk(hour, ReadBytes(chunk[Body])))
            {
                var t = p.T.ToUnixTimeSeconds();
                if (t >= from && t <= to && t < folded) series.TryAdd(t, p.V);
            }
        }
        var tickFrom = Math.Max(from, folded);
        if (tickFrom <= to)
        {
            await foreach (var item in _table.QueryAsync(new QueryRequest
                           {
                               KeyConditionExpression = "pk = :pk AND sk BETWEEN :from AND :to",
                               ExpressionAttributeValues = new()
                               {
                                   [":pk"] = S(TickPartition), [":from"] = S(TimeKey(tickFrom)), [":to"] = S(TimeKey(to) + "#~"),
                               },
                           }, ct))
            {
                if (PointPacking.FindInTick(Compression.Decompress(ReadBytes(item[Body])), name) is { } v) series.TryAdd(ParseTimeKey(item[Sk].S), v);
            }
        }
        return [.. series.Select(p => new Point(DateTimeOffset.FromUnixTimeSeconds(p.Key), p.Value))];
    }

    /// <summary>Closed hours (before the fold mark, from the oldest one kept) that overlap <c>[from, to]</c>.</summary>
    private static List<long> ClosedHours(OpenHours bounds, long from, long to)
    {
        if (bounds.Oldest is not { } oldest) return [];
        var first = Math.Max(HourStart(from), oldest);
        var last = Math.Min(HourStart(to), bounds.Folded - HourSeconds);
        var hours = new List<long>();
        for (var h = first; h <= last; h += HourSeconds) hours.Add(h);
        return hours;
    }

    public Task<IReadOnlyList<Alert>> GetAlertsAsync(DateTimeOffset after, CancellationToken ct) => _alerts.QueryAsync(after, undeliveredTo: null, ct);

    public async Task<CollectorStatus?> GetStatusAsync(CancellationToken ct)
    {
        if (await _table.GetAsync(StatusPartition, StatusKey, ct) is not { } item) return null;
        DateTimeOffset? At(string name) => item.TryGetValue(name, out var v) ? DateTimeOffset.FromUnixTimeSeconds(ReadLong(v)) : null;
        return new CollectorStatus(
            At("lastTick"), At("lastCommit"), ReadInt(item["metrics"]),
            new SourceStatus(
                item["source"].S, At("lastSuccess"), At("lastFailure"),
                item.TryGetValue("lastError", out var error) ? error.S : null,
                ReadInt(item["failures"]), ReadLong(item["rejected"])),
            item.TryGetValue("replayFinished", out var replay) ? replay.BOOL : null);
    }

    private static Dictionary<string, AttributeValue> StatusItem(
        CollectorStatus status, long folded, long? oldest, IEnumerable<KeyValuePair<string, AttributeValue>> summarySlot)
    {
        var item = new Dictionary<string, AttributeValue>(summarySlot)
        {
            [Pk] = S(StatusPartition),
            [Sk] = S(StatusKey),
            ["metrics"] = N(status.Metrics),
            ["source"] = S(status.Source.Name),
            ["failures"] = N(status.Source.ConsecutiveFailures),
            ["rejected"] = N(status.Source.RejectedValues),
            ["folded"] = N(folded),
        };
        void At(string name, DateTimeOffset? t)
        {
            if (t is { } value) item[name] = N(value.ToUnixTimeSeconds());
        }
        At("lastTick", status.LastTick);
        At("lastCommit", status.LastCommit);
        At("lastSuccess", status.Source.LastSuccess);
        At("lastFailure", status.Source.LastFailure);
        if (oldest is { } o) item["oldest"] = N(o);
        if (status.Source.LastError is { } error) item["lastError"] = S(error);
        if (status.ReplayFinished is { } replay) item["replayFinished"] = new AttributeValue { BOOL = replay };
        return item;
    }

    private static long Expiry(long t, DateTimeOffset wallNow, TimeSpan life) =>
        Math.Max(t, wallNow.ToUnixTimeSeconds()) + (long)life.TotalSeconds;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
