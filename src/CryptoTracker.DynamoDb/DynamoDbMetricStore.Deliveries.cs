using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CryptoTracker.Core.Alerts;

namespace CryptoTracker.DynamoDb;

/// <summary>
/// The alert outbox per channel: an alert item carries one attribute per channel that is done with it. SNS keeps the
/// attribute of the single "published" mark (<c>publishedAt</c>), so alerts published before channels existed stay published;
/// any other channel is <c>delivered:&lt;channel&gt;</c> (e.g. <c>delivered:receiver:ops</c>).
/// </summary>
public sealed partial class DynamoDbMetricStore
{
    internal static string DeliveredAttribute(string channel) => channel == AlertChannels.Sns ? "publishedAt" : $"delivered:{channel}";

    public Task<IReadOnlyList<Alert>> GetUndeliveredAlertsAsync(string channel, DateTimeOffset after, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        return QueryAlertsAsync(after, undeliveredTo: channel, ct);
    }

    public async Task MarkDeliveredAsync(string channel, IReadOnlyList<string> alertIds, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        if (alertIds.Count == 0) return;
        var attribute = DeliveredAttribute(channel);
        // Ids do not carry the sort key: find the channel's undelivered ones (few, at most a retention's worth) with one query.
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var item in QueryAsync(new QueryRequest
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
                await _client.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = Table,
                    Key = new() { [Pk] = S(AlertPartition), [Sk] = S(sk) },
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
