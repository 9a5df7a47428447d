using System.Text.Json;
using System.Text.Json.Serialization;

namespace CryptoTracker.Api.Subscriptions;

/// <summary>
/// POST /v1/subscriptions: protocol email or sms, an address or E.164 number, optionally the metrics and the rules
/// (configured rule names, <c>spike</c> for the built-in one) to hear about.
/// </summary>
public sealed record SubscribeRequest(string? Protocol, string? Endpoint, IReadOnlyList<string>? Metrics, IReadOnlyList<string>? Rules = null);

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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Metrics,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Rules = null);

/// <summary>
/// GET /v1/subscriptions/options: what the dashboard may offer. <c>maxMetrics</c>: metrics in one subscription;
/// <c>maxCombinations</c>: metrics × rules when both are chosen; <c>rules</c>: the rules a subscription may choose.
/// </summary>
public sealed record SubscriptionChoices(
    IReadOnlyList<string> Channels, IReadOnlyList<string> SmsPrefixes, int MaxMetrics, int CodeLength, int MaxCombinations, IReadOnlyList<RuleChoice> Rules);

/// <summary>A rule a subscription may choose: its name and its condition in a few words, e.g. "price:btcusd below 80000".</summary>
public sealed record RuleChoice(string Name, string Description);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(SubscribeRequest))]
[JsonSerializable(typeof(ConfirmRequest))]
[JsonSerializable(typeof(UnsubscribeRequest))]
[JsonSerializable(typeof(SubscriptionAccepted))]
[JsonSerializable(typeof(SubscriptionChoices))]
[JsonSerializable(typeof(RuleChoice))]
public sealed partial class SubscriptionsJsonContext : JsonSerializerContext;
