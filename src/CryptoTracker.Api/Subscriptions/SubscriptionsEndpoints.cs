using System.Net.Mail;
using System.Text.Json;
using System.Text.RegularExpressions;
using CryptoTracker.Api.Alerts;
using CryptoTracker.Api.Configuration;
using CryptoTracker.Api.Http;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using CryptoTracker.Core.Subscriptions;
using CryptoTracker.Sns;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Subscriptions;

/// <summary>
/// People subscribe to the alerts by email (SNS mails a confirmation link) or SMS (double opt-in: a code is texted first),
/// optionally for chosen metrics, and unsubscribe with the subscription ARN. There is deliberately no endpoint that lists
/// subscribers, and no answer tells whether an address is subscribed. Served in the roles all and subscriptions; without
/// a topic (Tracker:Alerts:Sns:TopicArn) writes answer 503 "alerts are not configured".
/// </summary>
public static partial class SubscriptionsEndpoints
{
    private const int MaxBodyBytes = 16 * 1024;
    private const int MaxEmailLength = 254;

    /// <summary>E.164 with ASCII digits only and nothing after the last digit (\z: not even a newline).</summary>
    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}\z")]
    private static partial Regex E164();

    [GeneratedRegex(@"^[^@\s""(),:;<>\[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+\z")]
    private static partial Regex PlainEmail();

    /// <summary>The endpoints, in the roles that serve subscriptions.</summary>
    public static WebApplication UseSubscriptions(this WebApplication app, TrackerOptions tracker)
    {
        if (!tracker.ServesSubscriptions) return app;
        app.MapSubscriptions();
        return app;
    }

    public static IEndpointRouteBuilder MapSubscriptions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/subscriptions").WithTags("Subscriptions");
        group.MapGet("/options", Options).WithName("GetSubscriptionOptions")
            .WithSummary("Which channels people can subscribe with here, which phone numbers SMS accepts, and which rules they may choose")
            .WithDescription("`channels` is empty when this tracker publishes no alerts; `sms` is listed only when SMS is enabled " +
                "(Tracker:Alerts:Sms:Enabled), with the country calling codes numbers must start with. `rules` lists what 'rules' " +
                "of POST /v1/subscriptions may name: `spike` (the built-in rule) and every rule of Tracker:Alerts:Rules, each with " +
                "its condition in a few words. `maxMetrics` bounds 'metrics' alone, `maxCombinations` the number of metrics times " +
                "the number of rules when both are given.");
        var writes = group.MapGroup("").AddEndpointFilter<SubscriptionRequestGuard>();
        writes.MapPost("", Subscribe).WithName("Subscribe")
            .WithSummary("Ask for alerts by email or SMS, optionally only for some metrics and some rules")
            .WithDescription("Email: SNS mails a confirmation link and nothing arrives before it is clicked (`pending-confirmation`). " +
                "SMS (only when enabled, only for allowed country codes): a 6-digit code is texted to the number and nothing is " +
                "subscribed until it comes back through POST /v1/subscriptions/confirm within 10 minutes (`confirmation-sent`). " +
                "With `metrics`, only alerts of those metrics arrive (at most 150, each tracked); with `rules`, only alerts of " +
                "those rules (names from GET /v1/rules, or `spike` for the built-in 3x rule); with both, only alerts matching " +
                "both, and metrics × rules must be at most 150 (an SNS filter policy limit). Leaving either out means any. The " +
                "answer echoes both lists. The answer is the same whether or " +
                "not the address is subscribed already. Requires Content-Type: application/json; refused cross-site (403). " +
                "Limits: requests per client and minute, 3 requests per address or number per 24 h (429), subscriptions in " +
                "total (409).")
            .Accepts<SubscribeRequest>("application/json")
            .Produces<SubscriptionAccepted>(StatusCodes.Status202Accepted)
            .ProducesWriteProblems(StatusCodes.Status409Conflict);
        writes.MapPost("/confirm", Confirm).WithName("ConfirmSubscription")
            .WithSummary("Confirm an SMS subscription with the code texted to the number")
            .WithDescription("The right code within 10 minutes subscribes the number with the metrics and rules asked for (`subscribed`). A wrong, " +
                "expired or already used code gets one and the same 400; after 5 wrong codes the request is void and a new code " +
                "must be asked for.")
            .Accepts<ConfirmRequest>("application/json")
            .Produces<SubscriptionAccepted>(StatusCodes.Status202Accepted)
            .ProducesWriteProblems(StatusCodes.Status409Conflict);
        writes.MapDelete("", Unsubscribe).WithName("Unsubscribe")
            .WithSummary("Remove a subscription, given its subscription ARN")
            .WithDescription("Removes one subscription of the alert topic. Requires the subscription ARN, which only the subscriber " +
                "learns (from SNS's confirmation); the unsubscribe link in every alert email works too, and SMS subscribers reply " +
                "STOP. There is no endpoint that lists subscribers.")
            .Accepts<UnsubscribeRequest>("application/json")
            .ProducesWriteProblems();
        return routes;
    }

    // Without a topic (Tracker:Alerts:Sns:TopicArn) neither the gateway nor the desk is registered: optional services reach a
    // handler as null only with [FromServices] on a nullable parameter.
    /// <summary>
    /// What every write can answer besides success: 400 (bad input), 403 (cross-site), 415 (not JSON), 429 (limits), 503 (no
    /// topic, or SNS unavailable), and the route's own statuses.
    /// </summary>
    private static RouteHandlerBuilder ProducesWriteProblems(this RouteHandlerBuilder route, params int[] more)
    {
        foreach (var status in (int[])[StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, .. more,
                     StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable])
            route.ProducesProblem(status);
        return route;
    }

    internal static Ok<SubscriptionChoices> Options(
        [FromServices] ISubscriptionGateway? gateway, IOptions<AlertsOptions> options, RuleBook rules)
    {
        var o = options.Value;
        var configured = gateway is not null;
        var sms = configured && o.Sms.Enabled;
        return TypedResults.Ok(new SubscriptionChoices(
            configured ? (sms ? ["email", "sms"] : ["email"]) : [], sms ? o.Sms.Prefixes : [], SnsAlertTopic.MaxFilterCombinations, ConfirmationCode.Digits,
            SnsAlertTopic.MaxFilterCombinations, configured ? SubscriptionRules.Choices(rules) : []));
    }

    internal static async Task<Results<Accepted<SubscriptionAccepted>, ProblemHttpResult>> Subscribe(
        HttpRequest request, [FromServices] SubscriptionDesk? desk, IMetricStore store, RuleBook ruleBook, IOptions<AlertsOptions> options,
        ILoggerFactory logs, CancellationToken ct)
    {
        if (desk is null) return NotConfigured();
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
                if (SmsProblem(body.Endpoint, options.Value) is { } smsProblem) return smsProblem;
                break;
            default:
                return Problems.BadRequest("Invalid protocol", "'protocol' must be email or sms.");
        }

        var (filter, filterProblem) = await FilterAsync(body.Metrics, body.Rules, store, ruleBook, logs, ct);
        if (filterProblem is not null) return filterProblem;

        try
        {
            var outcome = await desk.RequestAsync(protocol, body.Endpoint!, filter!, ct);
            // Never the subscription ARN, whatever SNS answered: re-subscribing a subscribed address returns its ARN, and
            // the ARN is what DELETE takes. The answer is the same for new and known addresses.
            var names = filter!.Metrics?.Select(m => m.ToString()).ToList();
            return outcome switch
            {
                DeskOutcome.PendingConfirmation => TypedResults.Accepted((string?)null, new SubscriptionAccepted("pending-confirmation", names, filter.Rules)),
                DeskOutcome.ConfirmationSent => TypedResults.Accepted((string?)null, new SubscriptionAccepted("confirmation-sent", names, filter.Rules)),
                _ => Limited(outcome, desk.Policy),
            };
        }
        catch (NotificationException ex)
        {
            return Refused(ex, "Subscribe", logs);
        }
    }

    internal static async Task<Results<Accepted<SubscriptionAccepted>, ProblemHttpResult>> Confirm(
        HttpRequest request, [FromServices] SubscriptionDesk? desk, IOptions<AlertsOptions> options, ILoggerFactory logs, CancellationToken ct)
    {
        if (desk is null) return NotConfigured();
        var (body, problem) = await ReadAsync(request, SubscriptionsJsonContext.Default.ConfirmRequest, required: true, ct);
        if (problem is not null) return problem;
        if (SmsProblem(body!.Endpoint, options.Value) is { } smsProblem) return smsProblem;
        if (!ConfirmationCode.IsWellFormed(body.Code)) return WrongCode();
        try
        {
            return await desk.ConfirmAsync(body.Endpoint!, body.Code!, ct) switch
            {
                DeskOutcome.Subscribed => TypedResults.Accepted((string?)null, new SubscriptionAccepted("subscribed", null)),
                DeskOutcome.WrongCode => WrongCode(),
                var other => Limited(other, desk.Policy),
            };
        }
        catch (NotificationException ex)
        {
            return Refused(ex, "Subscribe", logs);
        }
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Unsubscribe(
        HttpRequest request, string? subscriptionArn, [FromServices] ISubscriptionGateway? gateway, IOptions<SnsOptions> sns, ILoggerFactory logs,
        CancellationToken ct)
    {
        if (gateway is null) return NotConfigured();
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

    internal static bool IsPhoneNumber(string? value) => value is not null && E164().IsMatch(value);

    /// <summary>SMS off, a malformed number or a country not allowed: the problem; null when the number may get texts.</summary>
    private static ProblemHttpResult? SmsProblem(string? endpoint, AlertsOptions o)
    {
        if (!o.Sms.Enabled)
            return Problems.BadRequest("SMS not enabled", "This tracker does not send text messages; subscribe with an email address instead.");
        if (!IsPhoneNumber(endpoint))
            return Problems.BadRequest("Invalid phone number", "'endpoint' must be a phone number in E.164 form: '+', the country code and the number, up to 15 digits, such as +14155550123.");
        if (!o.Sms.Prefixes.Any(p => endpoint!.StartsWith(p, StringComparison.Ordinal)))
            return Problems.BadRequest("Phone number not accepted", $"This tracker sends text messages only to numbers starting with {string.Join(" or ", o.Sms.Prefixes)}.");
        return null;
    }

    /// <summary>
    /// The filter asked for: metric ids (each tracked) and rule names (each configured, or spike), duplicates collapsed,
    /// within SNS's limit on a filter policy's combinations; the checks that need no store come first.
    /// </summary>
    private static async Task<(SubscriptionFilter? Filter, ProblemHttpResult? Problem)> FilterAsync(
        IReadOnlyList<string>? requestedMetrics, IReadOnlyList<string>? requestedRules, IMetricStore store, RuleBook book, ILoggerFactory logs, CancellationToken ct)
    {
        const int max = SnsAlertTopic.MaxFilterCombinations;
        List<MetricId>? metrics = null;
        if (requestedMetrics is { Count: > 0 })
        {
            if (requestedMetrics.Count > max)
                return (null, Problems.BadRequest("Too many metrics", $"A subscription can be limited to at most {max} metrics (an SNS filter policy limit); leave 'metrics' out to receive every alert."));
            metrics = [];
            foreach (var raw in requestedMetrics)
            {
                if (!MetricId.TryParse(raw?.ToLowerInvariant(), out var id))
                    return (null, Problems.BadRequest("Invalid metric", "Each of 'metrics' must be a metric id type:symbol such as volume:btcusd."));
                if (!metrics.Contains(id.Value)) metrics.Add(id.Value);
            }
        }

        List<string>? rules = null;
        if (requestedRules is { Count: > 0 })
        {
            if (requestedRules.Count > max)
                return (null, Problems.BadRequest("Too many rules", $"A subscription can be limited to at most {max} rules (an SNS filter policy limit); leave 'rules' out to receive alerts of every rule."));
            var configured = book.Rules.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
            rules = [];
            var notConfigured = new HashSet<string?>();
            foreach (var raw in requestedRules)
            {
                var name = raw?.Trim().ToLowerInvariant();
                if (name is null || !configured.Contains(name)) notConfigured.Add(name);
                else if (!rules.Contains(name)) rules.Add(name);
            }
            var unknownRules = notConfigured.Count;
            if (unknownRules > 0)
                return (null, Problems.BadRequest("Unknown rule",
                    $"{unknownRules} of the rules {(unknownRules == 1 ? "is" : "are")} not configured here; 'rules' takes names listed by GET /v1/rules, or spike for the built-in rule."));
        }

        var filter = new SubscriptionFilter(metrics, rules);
        if (filter.Combinations > max)
            return (null, Problems.BadRequest("Too many combinations",
                $"{metrics!.Count} metrics × {rules!.Count} rules make {filter.Combinations} combinations; SNS allows at most {max} in one subscription's filter policy (the number of metrics times the number of rules). Choose fewer metrics or rules, or leave one of the lists out."));
        if (metrics is null) return (filter, null);

        IReadOnlyList<MetricSummary> known;
        try { known = await store.GetSummariesAsync(ct); }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logs.CreateLogger(typeof(SubscriptionsEndpoints)).LogError(ex, "Cannot read the metrics to validate a subscription");
            return (null, Unavailable("Metrics unavailable", "The list of metrics cannot be read right now; try again later."));
        }
        var ids = known.Select(s => s.Id).ToHashSet();
        var unknown = metrics.Count(m => !ids.Contains(m));
        return unknown > 0
            ? (null, Problems.BadRequest("Unknown metric", $"{unknown} of the metrics is not tracked; GET /v1/metrics lists the metric ids."))
            : (filter, null);
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
            return (null, Problems.BadRequest("Invalid body", "The body is not valid JSON of the expected shape (strings for protocol, endpoint, code and subscriptionArn; arrays of strings for metrics and rules)."));
        }
    }

    private static ProblemHttpResult WrongCode() =>
        Problems.BadRequest("Wrong or expired code", "The code is wrong or has expired. Check the last text message, or ask for a new code.");

    private static ProblemHttpResult Limited(DeskOutcome outcome, SubscriptionPolicy policy) => outcome switch
    {
        DeskOutcome.DestinationLimited => TypedResults.Problem(
            $"At most {policy.RequestsPerDestination} subscription requests per email address or phone number in {policy.DestinationWindow.TotalHours:0} hours; try again later.",
            statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests for this address", type: "https://www.rfc-editor.org/rfc/rfc6585#section-4"),
        _ => CapacityReached(),
    };

    private static ProblemHttpResult CapacityReached() => TypedResults.Problem(
        "This tracker takes no more subscriptions for now.",
        statusCode: StatusCodes.Status409Conflict, title: "Subscription capacity reached", type: "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10");

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
                return CapacityReached();
            default:
                if (ex.Retryable) log.LogWarning("SNS unavailable for {Action}: {Code}: {Message}", action, ex.Code, ex.Message);
                else log.LogError("SNS refused {Action}: {Code}: {Message}", action, ex.Code, ex.Message);
                return Unavailable("Alert service unavailable", "The alert service cannot take subscription changes right now; try again later.");
        }
    }
}
