using System.Text.Json;
using System.Text.Json.Serialization;

namespace CryptoTracker.Api.Subscriptions;

/// <summary>POST /v1/subscriptions: protocol email or sms, an address or E.164 number, optionally the metrics to hear about.</summary>
public sealed record SubscribeRequest(string? Protocol, string? Endpoint, IReadOnlyList<string>? Metrics);

/// <summary>POST /v1/subscriptions/confirm: the number and the 6-digit code texted to it.</summary>
public sealed record ConfirmRequest(string? Endpoint, string? Code);

/// <summary>DELETE /v1/subscriptions: the subscription ARN SNS gave the subscriber.</summary>
public sealed record UnsubscribeRequest(string? SubscriptionArn);

/// <summary>
/// status: pending-confirmation (email: SNS mailed a confirmation link), confirmation-sent (sms: a code was texted) or
/// subscribed (sms, after the right code). The same for an address that is new and one that is subscribed already.
/// </summary>
public sealed record SubscriptionAccepted(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Metrics);

/// <summary>GET /v1/subscriptions/options: what the dashboard may offer.</summary>
public sealed record SubscriptionChoices(IReadOnlyList<string> Channels, IReadOnlyList<string> SmsPrefixes, int MaxMetrics, int CodeLength);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(SubscribeRequest))]
[JsonSerializable(typeof(ConfirmRequest))]
[JsonSerializable(typeof(UnsubscribeRequest))]
[JsonSerializable(typeof(SubscriptionAccepted))]
[JsonSerializable(typeof(SubscriptionChoices))]
public sealed partial class SubscriptionsJsonContext : JsonSerializerContext;
