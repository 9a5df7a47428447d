using System.Net.Mail;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.RateLimiting;
using CryptoTracker.Api.Configuration;
using CryptoTracker.Api.Http;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using CryptoTracker.Sns;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Subscriptions;

/// <summary>
/// People subscribe to the alerts (email or SMS, optionally for chosen metrics) and unsubscribe with the subscription ARN.
/// There is deliberately no endpoint that lists subscribers. Served in the roles all and subscriptions; without a topic
/// (Tracker:Alerts:Sns:TopicArn) both answer 503 "alerts are not configured".
/// </summary>
public static partial class SubscriptionsEndpoints
{
    public const string RateLimitPolicy = "subscriptions";
    private const int MaxBodyBytes = 16 * 1024;
    private const int MaxEmailLength = 254;

    [GeneratedRegex(@"^\+[1-9]\d{1,14}$")]
    private static partial Regex E164();

    [GeneratedRegex(@"^[^@\s""(),:;<>\[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")]
    private static partial Regex PlainEmail();

    public static IServiceCollection AddSubscriptions(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Add(SubscriptionsJsonContext.Default));
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<TrackerOptions>>((limiter, tracker) =>
        {
            var o = tracker.Value.Subscriptions;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(RateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(ClientAddress(http, o.TrustForwardedFor), _ =>
                new FixedWindowRateLimiterOptions { PermitLimit = o.PermitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many subscription requests",
                        Detail = $"At most {o.PermitsPerMinute} subscription requests per minute per client; try again later.",
                        Type = "https://www.rfc-editor.org/rfc/rfc6585#section-4",
                    },
                });
            };
        });
        return services;
    }

    /// <summary>The rate limiter and the endpoints, in the roles that serve subscriptions.</summary>
    public static WebApplication UseSubscriptions(this WebApplication app, TrackerOptions tracker)
    {
        if (!tracker.ServesSubscriptions) return app;
        app.UseRateLimiter();
        app.MapSubscriptions();
        return app;
    }

    public static IEndpointRouteBuilder MapSubscriptions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/subscriptions").WithTags("Subscriptions").RequireRateLimiting(RateLimitPolicy);
        group.MapPost("", Subscribe).WithName("Subscribe")
            .WithSummary("Subscribe an email address or phone number to alerts, optionally only for some metrics")
            .WithDescription("Creates an SNS subscription on the alert topic. With `metrics`, a filter policy on the `metric` message " +
                "attribute limits alerts to those metrics (at most 150, each tracked). Email answers `pending-confirmation`: SNS mails a " +
                "confirmation link. The subscription ARN is never returned, so nobody can learn someone else's. Rate-limited per client.")
            .Accepts<SubscribeRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapDelete("", Unsubscribe).WithName("Unsubscribe")
            .WithSummary("Remove a subscription, given its subscription ARN")
            .WithDescription("Removes one subscription of the alert topic. Requires the subscription ARN, which only the subscriber " +
                "learns (from SNS's confirmation); the unsubscribe link in every alert email works too. There is no endpoint that lists subscribers.")
            .Accepts<UnsubscribeRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    internal static async Task<Results<Accepted<SubscriptionAccepted>, ProblemHttpResult>> Subscribe(
        HttpRequest request, IServiceProvider services, IMetricStore store, ILoggerFactory logs, CancellationToken ct)
    {
        if (services.GetService<ISubscriptionGateway>() is not { } gateway) return NotConfigured();
        var (body, problem) = await ReadAsync(request, SubscriptionsJsonContext.Default.SubscribeRequest, required: true, ct);
        if (problem is not null) return problem;

        SubscriptionProtocol protocol;
        switch (body!.Protocol?.ToLowerInvariant())
        {
            case "email":
                protocol = SubscriptionProtocol.Email;
                if (!IsEmail(body.Endpoint))
                    return Problems.BadRequest("Invalid email address", $"'endpoint' must be an email address such as alice@example.com (at most {MaxEmailLength} characters).");
                break;
            case "sms":
                protocol = SubscriptionProtocol.Sms;
                if (body.Endpoint is null || !E164().IsMatch(body.Endpoint))
                    return Problems.BadRequest("Invalid phone number", "'endpoint' must be a phone number in E.164 form: '+', the country code and the number, up to 15 digits, such as +14155550123.");
                break;
            default:
                return Problems.BadRequest("Invalid protocol", "'protocol' must be email or sms.");
        }

        List<MetricId>? metrics = null;
        if (body.Metrics is { Count: > 0 } requested)
        {
            if (requested.Count > SnsAlertTopic.MaxFilterMetrics)
                return Problems.BadRequest("Too many metrics", $"A subscription can be limited to at most {SnsAlertTopic.MaxFilterMetrics} metrics (an SNS filter policy limit); leave 'metrics' out to receive every alert.");
            metrics = [];
            foreach (var raw in requested)
            {
                if (!MetricId.TryParse(raw?.ToLowerInvariant(), out var id))
                    return Problems.BadRequest("Invalid metric", "Each of 'metrics' must be a metric id type:symbol such as volume:btcusd.");
                if (!metrics.Contains(id.Value)) metrics.Add(id.Value);
            }
            IReadOnlyList<MetricSummary> known;
            try { known = await store.GetSummariesAsync(ct); }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                logs.CreateLogger(typeof(SubscriptionsEndpoints)).LogError(ex, "Cannot read the metrics to validate a subscription");
                return Unavailable("Metrics unavailable", "The list of metrics cannot be read right now; try again later.");
            }
            var ids = known.Select(s => s.Id).ToHashSet();
            var unknown = metrics.Count(m => !ids.Contains(m));
            if (unknown > 0)
                return Problems.BadRequest("Unknown metric", $"{unknown} of the metrics is not tracked; GET /v1/metrics lists the metric ids.");
        }

        try
        {
            await gateway.SubscribeAsync(protocol, body.Endpoint!, metrics, ct);
            // Never hand out the subscription ARN, whatever SNS answered: re-subscribing an address or number that is
            // already subscribed returns the existing ARN, and the ARN is what DELETE takes, so a stranger who knows
            // someone's address could otherwise remove their subscription. Email subscribers learn it from SNS's
            // confirmation; SMS subscribers opt out by replying STOP. Email is always reported as pending, so that the
            // answer does not reveal whether the address was subscribed already.
            var names = metrics?.Select(m => m.ToString()).ToList();
            return TypedResults.Accepted((string?)null,
                new SubscriptionAccepted(protocol == SubscriptionProtocol.Email ? "pending-confirmation" : "subscribed", names));
        }
        catch (NotificationException ex)
        {
            return Refused(ex, "Subscribe", logs);
        }
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Unsubscribe(
        HttpRequest request, string? subscriptionArn, IServiceProvider services, IOptions<SnsOptions> sns, ILoggerFactory logs, CancellationToken ct)
    {
        if (services.GetService<ISubscriptionGateway>() is not { } gateway) return NotConfigured();
        var arn = subscriptionArn;
        if (arn is null)
        {
            var (body, problem) = await ReadAsync(request, SubscriptionsJsonContext.Default.UnsubscribeRequest, required: false, ct);
            if (problem is not null) return problem;
            arn = body?.SubscriptionArn;
        }
        if (arn is null)
            return Problems.BadRequest("Missing subscription", "Give the subscription ARN as 'subscriptionArn' in the JSON body or the query string.");
        if (!sns.Value.IsSubscriptionOfTopic(arn))
            return Problems.BadRequest("Invalid subscription", "'subscriptionArn' must be a subscription ARN of this tracker's alert topic: arn:aws:sns:<region>:<account>:<topic>:<uuid>, as SNS sent it in the confirmation.");
        try
        {
            await gateway.UnsubscribeAsync(arn, ct);
            return TypedResults.NoContent();
        }
        catch (NotificationException ex) when (ex.Code == "NotFound")
        {
            return Problems.NotFound("No such subscription: it was removed already or never confirmed.");
        }
        catch (NotificationException ex)
        {
            return Refused(ex, "Unsubscribe", logs);
        }
    }

    internal static bool IsEmail(string? value) =>
        value is { Length: > 0 and <= MaxEmailLength }
        && PlainEmail().IsMatch(value)
        && MailAddress.TryCreate(value, out var address)
        && address.Address == value
        && address.DisplayName.Length == 0;

    /// <summary>The client's address for rate limiting; behind a trusted proxy the last X-Forwarded-For entry (the one the proxy saw).</summary>
    internal static string ClientAddress(HttpContext http, bool trustForwardedFor)
    {
        if (trustForwardedFor && http.Request.Headers["X-Forwarded-For"].ToString() is { Length: > 0 } forwarded)
        {
            var last = forwarded.Split(',')[^1].Trim();
            if (System.Net.IPAddress.TryParse(last, out var ip)) return ip.ToString();
        }
        return http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    private static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(
        HttpRequest request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, bool required, CancellationToken ct) where T : class
    {
        if (request.ContentLength > MaxBodyBytes) return (null, Problems.BadRequest("Body too large", $"The JSON body must be at most {MaxBodyBytes} bytes."));
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return (null, Problems.BadRequest("Body too large", $"The JSON body must be at most {MaxBodyBytes} bytes."));
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
            return required ? (null, Problems.BadRequest("Missing body", "Send a JSON object such as {\"protocol\":\"email\",\"endpoint\":\"alice@example.com\"}.")) : (null, null);
        try
        {
            var value = JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), type);
            return value is null ? (null, Problems.BadRequest("Invalid body", "The body must be a JSON object.")) : (value, null);
        }
        catch (JsonException)
        {
            return (null, Problems.BadRequest("Invalid body", "The body is not valid JSON of the expected shape (strings for protocol, endpoint and subscriptionArn; an array of strings for metrics)."));
        }
    }

    private static ProblemHttpResult NotConfigured() =>
        Unavailable("Alerts are not configured", "This tracker publishes no alerts (no SNS topic is configured), so there is nothing to subscribe to.");

    private static ProblemHttpResult Unavailable(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: title, type: "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4");

    /// <summary>SNS refused or failed: the caller learns whether to fix the request or come back later, never SNS's raw text.</summary>
    private static ProblemHttpResult Refused(NotificationException ex, string action, ILoggerFactory logs)
    {
        var log = logs.CreateLogger(typeof(SubscriptionsEndpoints));
        switch (ex.Code)
        {
            case "InvalidParameter" or "InvalidParameterValue":
                log.LogInformation("SNS refused {Action}: {Code}: {Message}", action, ex.Code, ex.Message);
                return Problems.BadRequest("Subscription refused", "The alert service refused this endpoint or subscription.");
            case "FilterPolicyLimitExceeded" or "SubscriptionLimitExceeded":
                log.LogError("SNS limit reached on {Action}: {Code}: {Message}", action, ex.Code, ex.Message);
                return Unavailable("Subscription capacity reached", "The alert topic has reached its subscription limits; no new subscriptions can be taken for now.");
            default:
                if (ex.Retryable) log.LogWarning("SNS unavailable for {Action}: {Code}: {Message}", action, ex.Code, ex.Message);
                else log.LogError("SNS refused {Action}: {Code}: {Message}", action, ex.Code, ex.Message);
                return Unavailable("Alert service unavailable", "The alert service cannot take subscription changes right now; try again later.");
        }
    }
}
