using System.Collections.Concurrent;
using System.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CryptoTracker.Testing;

/// <summary>
/// Tests sign with fixed environment credentials, never real ones: the default chain finds these first. Set as soon as
/// anything of the local SNS is used (its static constructor).
/// </summary>
public static class TestCredentials
{
    public const string AccessKey = "AKIDCRYPTOTRACKERTEST";
    public const string SecretKey = "test-secret-key-not-real";

    public static void Set()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", SecretKey);
        Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", null);
        Environment.SetEnvironmentVariable("AWS_PROFILE", null);
    }
}

/// <summary>One call as the local SNS saw it: the action, its form parameters and the signing headers.</summary>
public sealed record SnsCall(string Action, IReadOnlyDictionary<string, string> Form, string? Authorization, string? AmzDate, string? ContentSha256, bool Accepted)
{
    public string? this[string name] => Form.GetValueOrDefault(name);

    /// <summary>MessageAttributes.entry.N.{Name,Value.DataType,Value.StringValue} → name → (type, value).</summary>
    public IReadOnlyDictionary<string, (string? Type, string? Value)> MessageAttributes()
    {
        var result = new Dictionary<string, (string?, string?)>();
        for (var i = 1; Form.TryGetValue($"MessageAttributes.entry.{i}.Name", out var name); i++)
            result[name] = (this[$"MessageAttributes.entry.{i}.Value.DataType"], this[$"MessageAttributes.entry.{i}.Value.StringValue"]);
        return result;
    }
}

/// <summary>What the next call of an action gets instead of success: an SNS error document with a status, or no answer in time.</summary>
public sealed record SnsFault(int Status, string Code, TimeSpan Delay = default, string? Message = null)
{
    public static SnsFault Internal => new(500, "InternalError");
    public static SnsFault Throttled => new(400, "Throttling");
    public static SnsFault Hang(TimeSpan delay) => new(503, "ServiceUnavailable", delay);
}

/// <summary>
/// A local SNS Query-API endpoint on Kestrel (127.0.0.1, a free port): checks every call's SigV4 signature against the test
/// credentials (403 SignatureDoesNotMatch otherwise, like SNS), records it and answers like SNS (PublishResponse /
/// SubscribeResponse / UnsubscribeResponse, or an ErrorResponse for an injected fault). Like SNS it remembers subscriptions:
/// subscribing an endpoint again with another filter policy is refused with "already exists with different attributes".
/// </summary>
public sealed class FakeSns : IAsyncDisposable
{
    public const string TopicArn = "arn:aws:sns:us-east-1:123456789012:tracker-alerts";
    private const string Ns = "http://sns.amazonaws.com/doc/2010-03-31/";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SnsCall> _calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<SnsFault>> _faults = new();
    private readonly ConcurrentDictionary<string, string> _filters = new();

    static FakeSns() => TestCredentials.Set();

    private FakeSns(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<SnsCall> Calls => [.. _calls];

    /// <summary>Requests that arrived, counted on arrival (a call is listed in <see cref="Calls"/> once answered).</summary>
    public int Received => Volatile.Read(ref _received);

    public IReadOnlyList<SnsCall> Accepted(string action) => [.. _calls.Where(c => c.Action == action && c.Accepted)];

    public void FailNext(string action, params SnsFault[] faults)
    {
        var queue = _faults.GetOrAdd(action, _ => new ConcurrentQueue<SnsFault>());
        foreach (var fault in faults) queue.Enqueue(fault);
    }

    public static async Task<FakeSns> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sns = new FakeSns(app);
        app.MapPost("/", sns.HandleAsync);
        await app.StartAsync();
        sns.Url = new Uri(app.Urls.First());
        return sns;
    }

    /// <summary>Signed calls whose signature did not verify (each also answered 403).</summary>
    public int BadSignatures => _badSignatures;
    private int _badSignatures;

    private int _received;

    private async Task HandleAsync(HttpContext http)
    {
        Interlocked.Increment(ref _received);
        http.Request.EnableBuffering();
        using var raw = new MemoryStream();
        await http.Request.Body.CopyToAsync(raw);
        http.Request.Body.Position = 0;
        var form = (await http.Request.ReadFormAsync()).ToDictionary(p => p.Key, p => p.Value.ToString());
        var action = form.GetValueOrDefault("Action") ?? "";
        var headers = http.Request.Headers;
        string? fault = null;
        if (SigV4.Verify(http.Request, raw.ToArray(), TestCredentials.AccessKey, TestCredentials.SecretKey, "sns") is { } signatureProblem)
        {
            Interlocked.Increment(ref _badSignatures);
            http.Response.StatusCode = 403;
            fault = $"<ErrorResponse xmlns=\"{Ns}\"><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>{SecurityElement.Escape(signatureProblem)}</Message></Error><RequestId>{Guid.NewGuid()}</RequestId></ErrorResponse>";
        }
        else if (_faults.TryGetValue(action, out var queue) && queue.TryDequeue(out var f))
        {
            if (f.Delay > TimeSpan.Zero)
            {
                try { await Task.Delay(f.Delay, http.RequestAborted); } catch (OperationCanceledException) { }
            }
            http.Response.StatusCode = f.Status;
            fault = $"<ErrorResponse xmlns=\"{Ns}\"><Error><Type>{(f.Status >= 500 ? "Receiver" : "Sender")}</Type><Code>{f.Code}</Code><Message>{SecurityElement.Escape(f.Message ?? "Injected " + f.Code)}</Message></Error><RequestId>{Guid.NewGuid()}</RequestId></ErrorResponse>";
        }
        if (fault is null && action == "Subscribe" && FilterCombinations(form) > 150)
        {
            // SNS's documented constraint: the product of the value counts of a filter policy's arrays is at most 150.
            http.Response.StatusCode = 400;
            fault = $"<ErrorResponse xmlns=\"{Ns}\"><Error><Type>Sender</Type><Code>InvalidParameter</Code><Message>Invalid parameter: FilterPolicy: Filter policy is too complex</Message></Error><RequestId>{Guid.NewGuid()}</RequestId></ErrorResponse>";
        }
        if (fault is null && action == "Subscribe" && !RememberSubscription(form))
        {
            http.Response.StatusCode = 400;
            fault = $"<ErrorResponse xmlns=\"{Ns}\"><Error><Type>Sender</Type><Code>InvalidParameter</Code><Message>Invalid parameter: Attributes Reason: Subscription already exists with different attributes</Message></Error><RequestId>{Guid.NewGuid()}</RequestId></ErrorResponse>";
        }
        _calls.Enqueue(new SnsCall(action, form, headers.Authorization.ToString(), headers["X-Amz-Date"].ToString(), headers["X-Amz-Content-Sha256"].ToString(), fault is null));
        http.Response.ContentType = "text/xml";
        await http.Response.WriteAsync(fault ?? Answer(action, form));
    }

    /// <summary>The filter policy's "total combination of values": the product of its arrays' lengths (1 without a policy).</summary>
    private static int FilterCombinations(Dictionary<string, string> form)
    {
        if (form.GetValueOrDefault("Attributes.entry.1.key") != "FilterPolicy" || form.GetValueOrDefault("Attributes.entry.1.value") is not { } policy) return 1;
        using var doc = System.Text.Json.JsonDocument.Parse(policy);
        return doc.RootElement.EnumerateObject().Aggregate(1, (n, key) => n * (key.Value.ValueKind == System.Text.Json.JsonValueKind.Array ? key.Value.GetArrayLength() : 1));
    }

    /// <summary>False when the endpoint is subscribed already with another filter policy (SNS's refusal).</summary>
    private bool RememberSubscription(Dictionary<string, string> form)
    {
        var key = $"{form.GetValueOrDefault("Protocol")}:{form.GetValueOrDefault("Endpoint")}";
        var filter = form.GetValueOrDefault("Attributes.entry.1.key") == "FilterPolicy" ? form.GetValueOrDefault("Attributes.entry.1.value") ?? "" : "";
        return _filters.GetOrAdd(key, filter) == filter;
    }

    private static string Answer(string action, Dictionary<string, string> form)
    {
        var requestId = $"<ResponseMetadata><RequestId>{Guid.NewGuid()}</RequestId></ResponseMetadata>";
        return action switch
        {
            "Publish" => $"<PublishResponse xmlns=\"{Ns}\"><PublishResult><MessageId>{Guid.NewGuid()}</MessageId></PublishResult>{requestId}</PublishResponse>",
            "Subscribe" => $"<SubscribeResponse xmlns=\"{Ns}\"><SubscribeResult><SubscriptionArn>{(form.GetValueOrDefault("Protocol") == "sms" || form.GetValueOrDefault("Endpoint") == "already@example.com"
                ? SecurityElement.Escape($"{form.GetValueOrDefault("TopicArn")}:{Guid.NewGuid()}") : "pending confirmation")}</SubscriptionArn></SubscribeResult>{requestId}</SubscribeResponse>",
            "Unsubscribe" => $"<UnsubscribeResponse xmlns=\"{Ns}\">{requestId}</UnsubscribeResponse>",
            _ => $"<ErrorResponse xmlns=\"{Ns}\"><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>Unknown action</Message></Error></ErrorResponse>",
        };
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
