using System.Text;
using System.Text.Json;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Ports;

namespace CryptoTracker.Sns;

/// <summary>
/// The alert topic on SNS: Publish with the message attributes subscriptions filter on, Subscribe with a filter policy,
/// Unsubscribe. The only file that knows SNS's actions: switching to the official SDK means rewriting this class.
/// </summary>
public sealed class SnsAlertTopic(SnsQueryClient sns, Uri? publicUrl) : IAlertPublisher, ISubscriptionGateway
{
    /// <summary>
    /// SNS: a filter policy's "total combination of values" (the product of its arrays' lengths) is at most 150. The policy
    /// has a <c>metric</c> and a <c>rule</c> array, so metrics × rules ≤ 150 (150 metrics, or 150 rules, when alone).
    /// </summary>
    public const int MaxFilterCombinations = 150;

    private string TopicArn => sns.Options.TopicArn ?? throw new InvalidOperationException("Tracker:Alerts:Sns:TopicArn is not set.");

    public async Task PublishAsync(Alert alert, CancellationToken ct)
    {
        var message = AlertMessage.For(alert, publicUrl);
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("TopicArn", TopicArn),
            new("Subject", message.Subject),
            new("Message", message.Body),
        };
        for (var i = 0; i < message.Attributes.Count; i++)
        {
            var prefix = $"MessageAttributes.entry.{SnsQueryClient.Number(i + 1)}.";
            parameters.Add(new(prefix + "Name", message.Attributes[i].Key));
            parameters.Add(new(prefix + "Value.DataType", "String"));
            parameters.Add(new(prefix + "Value.StringValue", message.Attributes[i].Value));
        }
        System.Xml.Linq.XElement answer;
        try
        {
            answer = await sns.CallAsync("Publish", parameters, ct);
        }
        catch (SnsException ex) when (!ex.Retryable && !IsAboutThisMessage(ex.Code))
        {
            // Authorization, a missing topic, KMS or credentials: the channel's set-up, not this alert. The operator fixes it
            // and the alert must still go out, so the outbox keeps it (retried with back-off) instead of dropping it.
            throw new SnsException(ex.Code, ex.Message, ex.Status, ex.RequestId, retryable: true, ex);
        }
        if (SnsQueryClient.Find(answer, "MessageId") is not { Length: > 0 })
            throw new SnsException("InvalidResponse", "SNS answered Publish without a MessageId.", null, null, true);
    }

    /// <summary>Refusals of the message itself (e.g. an attribute SNS rejects): sending the same message again cannot succeed.</summary>
    private static bool IsAboutThisMessage(string code) => code is "InvalidParameter" or "InvalidParameterValue" or "ValidationError";

    public async Task<SubscriptionOutcome> SubscribeAsync(
        SubscriptionProtocol protocol, string endpoint, SubscriptionFilter filter, CancellationToken ct)
    {
        if (filter.Combinations > MaxFilterCombinations)
            throw new ArgumentException($"A subscription's filter names at most {MaxFilterCombinations} combinations of metric and rule.", nameof(filter));
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("TopicArn", TopicArn),
            new("Protocol", protocol == SubscriptionProtocol.Sms ? "sms" : "email"),
            new("Endpoint", endpoint),
            // The requester never learns an email subscription's ARN: only the subscriber does, through SNS's confirmation.
            new("ReturnSubscriptionArn", "false"),
        };
        if (!filter.IsEverything)
        {
            parameters.Add(new("Attributes.entry.1.key", "FilterPolicy"));
            parameters.Add(new("Attributes.entry.1.value", FilterPolicy(filter)));
            parameters.Add(new("Attributes.entry.2.key", "FilterPolicyScope"));
            parameters.Add(new("Attributes.entry.2.value", "MessageAttributes"));
        }
        var answer = await sns.CallAsync("Subscribe", parameters, ct);
        var arn = SnsQueryClient.Find(answer, "SubscriptionArn");
        return arn is not null && arn.StartsWith("arn:", StringComparison.Ordinal)
            ? new SubscriptionOutcome(false, arn)
            : new SubscriptionOutcome(true, null);
    }

    public async Task UnsubscribeAsync(string subscriptionId, CancellationToken ct) =>
        await sns.CallAsync("Unsubscribe", [new("SubscriptionArn", subscriptionId)], ct);

    /// <summary>
    /// {"metric":["volume:btcusd",…],"rule":["btc-below-80k",…]}, each key only when its list is given: matches the
    /// <c>metric</c> and <c>rule</c> message attributes of every published alert (SNS requires every key to match).
    /// </summary>
    public static string FilterPolicy(SubscriptionFilter filter)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            Array(json, "metric", filter.Metrics?.Select(m => m.ToString()));
            Array(json, "rule", filter.Rules);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Array(Utf8JsonWriter json, string key, IEnumerable<string>? values)
    {
        var distinct = values?.Distinct(StringComparer.Ordinal).ToList();
        if (distinct is not { Count: > 0 }) return;
        json.WriteStartArray(key);
        foreach (var value in distinct) json.WriteStringValue(value);
        json.WriteEndArray();
    }
}
