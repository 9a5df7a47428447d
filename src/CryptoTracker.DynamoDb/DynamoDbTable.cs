using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CryptoTracker.Core.Resilience;
using static CryptoTracker.DynamoDb.ItemAttributes;

namespace CryptoTracker.DynamoDb;

/// <summary>
/// The table's request plumbing: paged queries, batched writes and batched gets that resend what DynamoDB hands back
/// unprocessed (the tracker's <see cref="RetryPolicy"/>: <c>BatchWriteAttempts</c> tries, waits doubling from
/// <c>BatchRetryDelay</c> on the injected clock), every request asking for the capacity it consumed.
/// </summary>
internal sealed class DynamoDbTable(IAmazonDynamoDB client, DynamoDbStoreOptions options, TimeProvider clock)
{
    private const int WriteBatchLimit = 25, GetBatchLimit = 100;
    private readonly RetryPolicy _unprocessed = new(options.BatchWriteAttempts, options.BatchRetryDelay);

    public IAmazonDynamoDB Client => client;
    public string Name => options.Table;

    public async IAsyncEnumerable<Dictionary<string, AttributeValue>> QueryAsync(
        QueryRequest request, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        request.TableName = Name;
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        do
        {
            var response = await client.QueryAsync(request, ct);
            foreach (var item in response.Items ?? []) yield return item;
            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        } while (request.ExclusiveStartKey is not null);
    }

    public async Task<List<Dictionary<string, AttributeValue>>> QueryAllAsync(QueryRequest request, CancellationToken ct)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        await foreach (var item in QueryAsync(request, ct)) items.Add(item);
        return items;
    }

    public async Task<Dictionary<string, AttributeValue>?> GetAsync(string pk, string sk, CancellationToken ct, bool consistent = false)
    {
        var response = await client.GetItemAsync(new GetItemRequest
        {
            TableName = Name, Key = Key(pk, sk), ConsistentRead = consistent, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        }, ct);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    public async Task WriteAllAsync(IReadOnlyList<WriteRequest> writes, CancellationToken ct)
    {
        if (writes.Count == 0) return;
        var batches = writes.Chunk(WriteBatchLimit).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = options.ParallelBatches, CancellationToken = ct },
            async (batch, token) => await WriteBatchAsync([.. batch], token));
    }

    /// <summary>Items by key (any number, 100 per BatchGetItem, distinct keys); missing items are simply absent.</summary>
    public async Task<List<Dictionary<string, AttributeValue>>> GetAllAsync(IReadOnlyList<(string Pk, string Sk)> keys, CancellationToken ct)
    {
        var found = new List<Dictionary<string, AttributeValue>>();
        foreach (var batch in keys.Distinct().Chunk(GetBatchLimit))
        {
            var pending = new Dictionary<string, KeysAndAttributes> { [Name] = new() { Keys = [.. batch.Select(k => Key(k.Pk, k.Sk))] } };
            await _unprocessed.ExecuteAsync(async (attempt, token) =>
            {
                var response = await client.BatchGetItemAsync(new BatchGetItemRequest
                {
                    RequestItems = pending, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
                }, token);
                if (response.Responses?.GetValueOrDefault(Name) is { } items) found.AddRange(items);
                var left = response.UnprocessedKeys is { Count: > 0 } u ? u.Values.Sum(k => k.Keys?.Count ?? 0) : 0;
                if (left == 0) return;
                pending = response.UnprocessedKeys.Where(e => e.Value.Keys is { Count: > 0 }).ToDictionary(e => e.Key, e => e.Value);
                throw new UnprocessedReadsException(left, attempt);
            }, clock, ct, retryable: e => e is UnprocessedReadsException);
        }
        return found;
    }

    /// <summary>One BatchWriteItem; what DynamoDB leaves unprocessed is resent with exponential back-off, then the commit fails.</summary>
    private async Task WriteBatchAsync(List<WriteRequest> batch, CancellationToken ct)
    {
        var pending = new Dictionary<string, List<WriteRequest>> { [Name] = batch };
        await _unprocessed.ExecuteAsync(async (attempt, token) =>
        {
            var response = await client.BatchWriteItemAsync(new BatchWriteItemRequest
            {
                RequestItems = pending,
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            }, token);
            var unprocessed = response.UnprocessedItems is { Count: > 0 } u ? u.Values.Sum(l => l?.Count ?? 0) : 0;
            if (unprocessed == 0) return;
            pending = response.UnprocessedItems.Where(e => e.Value is { Count: > 0 }).ToDictionary(e => e.Key, e => e.Value);
            throw new UnprocessedWritesException(unprocessed, attempt);
        }, clock, ct, retryable: e => e is UnprocessedWritesException);
    }
}
