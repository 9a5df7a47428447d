using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CryptoTracker.Core.Ports;

namespace CryptoTracker.DynamoDb;

/// <summary>
/// The subscription ledger in the tracker's DynamoDB table, under its own partitions (<c>SUBSCRIPTIONS#…</c>, sort key
/// <c>-</c>), next to and independent of the metric items. Every limit is a conditional write, so concurrent requests from
/// any number of Lambda instances cannot pass it; no transactions are needed. Counters and pending codes carry
/// <c>expiresAt</c> for the table's TTL, and every read also checks its own times (TTL deletes only within days).
/// </summary>
public sealed class DynamoDbSubscriptionLedger(IAmazonDynamoDB client, DynamoDbStoreOptions options) : ISubscriptionLedger
{
    internal const string LimitPrefix = "SUBSCRIPTIONS#LIMIT#", PendingPrefix = "SUBSCRIPTIONS#PENDING#",
        DestinationPrefix = "SUBSCRIPTIONS#DESTINATION#", CountPartition = "SUBSCRIPTIONS#COUNT";
    private const string Pk = ItemAttributes.Pk, Sk = ItemAttributes.Sk, ExpiresAt = ItemAttributes.ExpiresAt, Single = "-";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private string Table => options.Table;

    /// <summary>The table is the metric store's (created by the stack, or locally by <see cref="DynamoDbMetricStore.InitializeAsync"/>).</summary>
    public Task InitializeAsync(CancellationToken ct) => Task.CompletedTask;

    public async Task<bool> TryCountAsync(string key, int limit, TimeSpan window, DateTimeOffset now, CancellationToken ct)
    {
        if (limit < 1) return false;
        var nowMs = now.ToUnixTimeMilliseconds();
        var cutoff = nowMs - (long)window.TotalMilliseconds;
        var itemKey = Key(LimitPrefix + key);
        // Two tries of each: a window may be restarted by another request between them.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (await TryUpdateAsync(new UpdateItemRequest
                {
                    TableName = Table, Key = itemKey,
                    UpdateExpression = "SET n = n + :one",
                    ConditionExpression = "attribute_exists(pk) AND windowStart > :cutoff AND n < :limit",
                    ExpressionAttributeValues = new() { [":one"] = N(1), [":cutoff"] = N(cutoff), [":limit"] = N(limit) },
                }, ct)) return true;
            if (await TryUpdateAsync(new UpdateItemRequest
                {
                    TableName = Table, Key = itemKey,
                    UpdateExpression = "SET n = :one, windowStart = :now, #exp = :exp",
                    ConditionExpression = "attribute_not_exists(pk) OR windowStart <= :cutoff",
                    ExpressionAttributeNames = new() { ["#exp"] = ExpiresAt },
                    ExpressionAttributeValues = new()
                    {
                        [":one"] = N(1), [":now"] = N(nowMs), [":cutoff"] = N(cutoff),
                        [":exp"] = N(DateTimeOffset.FromUnixTimeMilliseconds(nowMs).Add(window).ToUnixTimeSeconds() + 60),
                    },
                }, ct)) return true;
        }
        return false;
    }

    public async Task SavePendingAsync(PendingConfirmation p, CancellationToken ct)
    {
        var item = Key(PendingPrefix + p.Destination);
        item["salt"] = S(p.Salt);
        item["codeHash"] = S(p.CodeHash);
        item["expiresMs"] = N(p.ExpiresAt.ToUnixTimeMilliseconds());
        item[ExpiresAt] = N(p.ExpiresAt.ToUnixTimeSeconds() + 3600);
        item["attempts"] = N(p.Attempts);
        // Metric ids and rule names hold no commas; an empty list is stored as none (every alert).
        if (p.Metrics is { Count: > 0 }) item["metrics"] = S(string.Join(',', p.Metrics));
        if (p.Rules is { Count: > 0 }) item["rules"] = S(string.Join(',', p.Rules));
        await client.PutItemAsync(new PutItemRequest { TableName = Table, Item = item }, ct);
    }

    public async Task<PendingConfirmation?> TakeAttemptAsync(string destination, int maxAttempts, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            var answer = await client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = Table, Key = Key(PendingPrefix + destination),
                UpdateExpression = "SET attempts = attempts + :one",
                ConditionExpression = "attribute_exists(pk) AND attempts < :max AND expiresMs > :now",
                ExpressionAttributeValues = new() { [":one"] = N(1), [":max"] = N(maxAttempts), [":now"] = N(now.ToUnixTimeMilliseconds()) },
                ReturnValues = ReturnValue.ALL_NEW,
            }, ct);
            var a = answer.Attributes;
            return new PendingConfirmation(destination, a["salt"].S, a["codeHash"].S,
                a.TryGetValue("metrics", out var m) ? m.S.Split(',') : null,
                a.TryGetValue("rules", out var r) ? r.S.Split(',') : null,
                DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(a["expiresMs"].N, Invariant)), int.Parse(a["attempts"].N, Invariant));
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
    }

    public async Task<bool> RemovePendingAsync(string destination, string salt, CancellationToken ct)
    {
        try
        {
            await client.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = Table, Key = Key(PendingPrefix + destination),
                ConditionExpression = "salt = :salt",
                ExpressionAttributeValues = new() { [":salt"] = S(salt) },
            }, ct);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task<bool> TryAddSubscriberAsync(string destination, int max, CancellationToken ct)
    {
        var marker = Key(DestinationPrefix + destination);
        bool added;
        try
        {
            await client.PutItemAsync(new PutItemRequest { TableName = Table, Item = marker, ConditionExpression = "attribute_not_exists(pk)" }, ct);
            added = true;
        }
        catch (ConditionalCheckFailedException)
        {
            added = false;
        }
        if (!added) return await CountSubscribersAsync(ct) < max;
        // A new destination takes a place only while there is one; otherwise its marker goes again.
        if (await TryUpdateAsync(new UpdateItemRequest
            {
                TableName = Table, Key = Key(CountPartition),
                UpdateExpression = "ADD n :one",
                ConditionExpression = "attribute_not_exists(n) OR n < :max",
                ExpressionAttributeValues = new() { [":one"] = N(1), [":max"] = N(max) },
            }, ct)) return true;
        await client.DeleteItemAsync(new DeleteItemRequest { TableName = Table, Key = Key(DestinationPrefix + destination) }, ct);
        return false;
    }

    public async Task<int> CountSubscribersAsync(CancellationToken ct)
    {
        var answer = await client.GetItemAsync(new GetItemRequest { TableName = Table, Key = Key(CountPartition), ConsistentRead = true }, ct);
        return answer.Item is { Count: > 0 } item && item.TryGetValue("n", out var n) ? int.Parse(n.N, Invariant) : 0;
    }

    private async Task<bool> TryUpdateAsync(UpdateItemRequest request, CancellationToken ct)
    {
        try
        {
            await client.UpdateItemAsync(request, ct);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private static Dictionary<string, AttributeValue> Key(string partition) => new() { [Pk] = S(partition), [Sk] = S(Single) };
    private static AttributeValue S(string value) => new() { S = value };
    private static AttributeValue N(long value) => new() { N = value.ToString(Invariant) };
}
