using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Metrics;
using static CryptoTracker.DynamoDb.ItemAttributes;

namespace CryptoTracker.DynamoDb;

/// <summary>
/// The alerts and their outbox mark: one item per alert in the <c>ALERT</c> partition, sorted by time then id. Kept apart
/// from the metric items (their layout is the same as before the packed layout, so stored alerts carry over an upgrade).
/// </summary>
internal sealed class AlertItems(DynamoDbTable table)
{
    /// <summary>A conditional put, so a retried commit never clears the published mark of an alert already sent.</summary>
    public async Task PutAsync(Alert alert, long expires, CancellationToken ct)
    {
        var t = alert.T.ToUnixTimeSeconds();
        try
        {
            var request = new PutItemRequest
            {
                TableName = table.Name,
                Item = new()
                {
                    [Pk] = S(AlertPartition),
                    [Sk] = S($"{TimeKey(t)}#{alert.Id}"),
                    ["id"] = S(alert.Id),
                    ["metric"] = S(alert.Metric.ToString()),
                    ["t"] = N(t),
                    ["value"] = N(alert.Value),
                    ["average"] = N(alert.Reference),  // stored as "average" since the first schema: the reference
                    ["ratio"] = N(alert.Ratio),
                    ["rule"] = S(alert.Rule),
                    ["kind"] = S(alert.Kind),
                    [ExpiresAt] = N(expires),
                },
                ConditionExpression = "attribute_not_exists(pk)",
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            };
            if (alert.Threshold is { } threshold) request.Item["threshold"] = N(threshold);
            await table.Client.PutItemAsync(request, ct);
        }
        catch (ConditionalCheckFailedException)
        {
            // Stored by an earlier attempt of this tick: keep it as it is.
        }
    }

    /// <summary>
    /// The outbox mark is one attribute per channel on the alert item. SNS keeps the attribute of the single "published" mark
    /// (<c>publishedAt</c>), so alerts published before channels existed stay published; any other channel is
    /// <c>delivered:&lt;channel&gt;</c> (e.g. <c>delivered:receiver:ops</c>).
    /// </summary>
    public static string DeliveredAttribute(string channel) => channel == AlertChannels.Sns ? "publishedAt" : $"delivered:{channel}";

    /// <param name="undeliveredTo">Only alerts this channel is not done with; null: all.</param>
    public async Task<IReadOnlyList<Alert>> QueryAsync(DateTimeOffset after, string? undeliveredTo, CancellationToken ct)
    {
        var from = after.ToUnixTimeSeconds();
        var alerts = new List<Alert>();
        if (from >= MaxSeconds) return alerts;
        await foreach (var item in table.QueryAsync(new QueryRequest
                       {
                           KeyConditionExpression = "pk = :pk AND sk >= :from",
                           ExpressionAttributeValues = new() { [":pk"] = S(AlertPartition), [":from"] = S(TimeKey(from + 1)) },
                           FilterExpression = undeliveredTo is null ? null : "attribute_not_exists(#delivered)",
                           ExpressionAttributeNames = undeliveredTo is null ? null : new() { ["#delivered"] = DeliveredAttribute(undeliveredTo) },
                       }, ct))
        {
            alerts.Add(new Alert(
                item["id"].S, MetricId.Parse(item["metric"].S), DateTimeOffset.FromUnixTimeSeconds(ReadLong(item["t"])),
                ReadDouble(item["value"]), ReadDouble(item["average"]), ReadDouble(item["ratio"]))
            {
                // Items written before rules existed are the spike rule's.
                Rule = item.TryGetValue("rule", out var rule) && rule.S is { } r ? r : AlertRule.SpikeName,
                Kind = item.TryGetValue("kind", out var kind) && kind.S is { } k ? k : AlertKind.Spike,
                Threshold = item.TryGetValue("threshold", out var th) && th.N is not null ? ReadDouble(th) : null,
            });
        }
        return alerts;
    }

    public async Task MarkDeliveredAsync(string channel, IReadOnlyList<string> alertIds, DateTimeOffset at, CancellationToken ct)
    {
        if (alertIds.Count == 0) return;
        var attribute = DeliveredAttribute(channel);
        // Ids do not carry the sort key: find the channel's undelivered ones (few, at most a retention's worth) with one query.
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var item in table.QueryAsync(new QueryRequest
                       {
                           KeyConditionExpression = "pk = :pk",
                           ExpressionAttributeValues = new() { [":pk"] = S(AlertPartition) },
                           FilterExpression = "attribute_not_exists(#delivered)",
                           ProjectionExpression = "sk, #id",
                           ExpressionAttributeNames = new() { ["#id"] = "id", ["#delivered"] = attribute },
                       }, ct))
        {
            keys[item["id"].S] = item[Sk].S;
        }
        foreach (var id in alertIds.Distinct(StringComparer.Ordinal))
        {
            if (!keys.TryGetValue(id, out var sk)) continue;
            try
            {
                await table.Client.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = table.Name,
                    Key = Key(AlertPartition, sk),
                    UpdateExpression = "SET #delivered = :at",
                    ConditionExpression = "attribute_exists(pk) AND attribute_not_exists(#delivered)",
                    ExpressionAttributeNames = new() { ["#delivered"] = attribute },
                    ExpressionAttributeValues = new() { [":at"] = N(at.ToUnixTimeSeconds()) },
                    ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
                }, ct);
            }
            catch (ConditionalCheckFailedException)
            {
                // Delivered meanwhile (or expired and deleted): the first mark stands.
            }
        }
    }
}
