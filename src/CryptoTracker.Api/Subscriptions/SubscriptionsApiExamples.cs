using System.Text.Json;
using System.Text.Json.Nodes;
using CryptoTracker.Api.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;

namespace CryptoTracker.Api.Subscriptions;

/// <summary>
/// Request and response examples of the subscription routes in the OpenAPI document, serialised with the routes' own
/// JSON context so they cannot drift from what the endpoints read and write.
/// </summary>
internal static class SubscriptionsApiExamples
{
    private static readonly Dictionary<string, Func<JsonNode?>> Requests = new()
    {
        ["Subscribe"] = () => Json(new SubscribeRequest("sms", "+14155550123", ["price:btcusd", "volume:btcusd"], ["btc-below-80k", "spike"]), SubscriptionsJsonContext.Default.SubscribeRequest),
        ["ConfirmSubscription"] = () => Json(new ConfirmRequest("+14155550123", "482913"), SubscriptionsJsonContext.Default.ConfirmRequest),
        ["Unsubscribe"] = () => Json(new UnsubscribeRequest("arn:aws:sns:us-east-1:123456789012:tracker-alerts:0b4f5a3e-6d1c-4a8e-9a51-0e0d3c1f2a77"), SubscriptionsJsonContext.Default.UnsubscribeRequest),
    };

    private static readonly Dictionary<(string Operation, string Status), Func<JsonNode?>> Responses = new()
    {
        [("Subscribe", "202")] = () => Json(new SubscriptionAccepted("confirmation-sent", ["price:btcusd", "volume:btcusd"], ["btc-below-80k", "spike"]), SubscriptionsJsonContext.Default.SubscriptionAccepted),
        [("ConfirmSubscription", "202")] = () => Json(new SubscriptionAccepted("subscribed", null), SubscriptionsJsonContext.Default.SubscriptionAccepted),
        [("GetSubscriptionOptions", "200")] = () => Json(new SubscriptionChoices(["email", "sms"], ["+1"], 150, 6, 150,
            [new("spike", "any metric above 3x its average of the last 60 min"), new("btc-below-80k", "price:btcusd below 80000"),
             new("eth-moves-5", "price:ethusd moves 5% or more within 60 min")]), SubscriptionsJsonContext.Default.SubscriptionChoices),
        [("Subscribe", "400")] = () => Problem(400, "SMS not enabled", "This tracker does not send text messages; subscribe with an email address instead.", "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1"),
        [("ConfirmSubscription", "400")] = () => Problem(400, "Wrong or expired code", "The code is wrong or has expired. Check the last text message, or ask for a new code.", "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1"),
        [("Unsubscribe", "400")] = () => Problem(400, "Invalid subscription", "'subscriptionArn' must be a subscription ARN of this tracker's alert topic: arn:aws:sns:<region>:<account>:<topic>:<uuid>, as SNS sent it in the confirmation.", "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1"),
        [("Subscribe", "409")] = () => Problem(409, "Subscription capacity reached", "This tracker takes no more subscriptions for now.", "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10"),
        [("Subscribe", "429")] = () => Problem(429, "Too many requests for this address", "At most 3 subscription requests per email address or phone number in 24 hours; try again later.", "https://www.rfc-editor.org/rfc/rfc6585#section-4"),
    };

    public static void Describe(OpenApiOperation operation)
    {
        if (operation.OperationId is not { } id) return;
        if (Requests.TryGetValue(id, out var request) && operation.RequestBody?.Content?.TryGetValue("application/json", out var media) == true && media is not null)
            media.Example = request();
        foreach (var ((op, status), example) in Responses)
        {
            if (op != id || operation.Responses?.TryGetValue(status, out var response) != true || response?.Content is not { } contents) continue;
            foreach (var content in contents.Values) content.Example = example();
        }
    }

    private static JsonNode? Problem(int status, string title, string detail, string type) =>
        Json(new ProblemDetails { Type = type, Title = title, Status = status, Detail = detail }, ApiJsonContext.Default.ProblemDetails);

    private static JsonNode? Json<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) =>
        JsonSerializer.SerializeToNode(value, info);
}
