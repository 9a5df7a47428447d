using System.Text.Json;
using System.Text.Json.Serialization;

namespace CryptoTracker.Api.Subscriptions;

/// <summary>POST /v1/subscriptions: protocol email or sms, an address or E.164 number, optionally the metrics to hear about.</summary>
public sealed record SubscribeRequest(string? Protocol, string? Endpoint, IReadOnlyList<string>? Metrics);

/// <summary>DELETE /v1/subscriptions: the subscription ARN SNS gave the subscriber.</summary>
public sealed record UnsubscribeRequest(string? SubscriptionArn);

/// <summary>
/// status: pending-confirmation (email: SNS sent a confirmation mail; nothing arrives before it is confirmed) or subscribed
/// (sms: SNS subscribes numbers at once). The subscription ARN is never returned (see SubscriptionsEndpoints.Subscribe).
/// </summary>
public sealed record SubscriptionAccepted(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Metrics);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(SubscribeRequest))]
[JsonSerializable(typeof(UnsubscribeRequest))]
[JsonSerializable(typeof(SubscriptionAccepted))]
public sealed partial class SubscriptionsJsonContext : JsonSerializerContext;
