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

    public static void Set()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "test-secret-key-not-real");
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
public sealed record SnsFault(int Status, string Code, TimeSpan Delay = default)
{
    public static SnsFault Internal => new(500, "InternalError");
    public static SnsFault Throttled => new(400, "Throttling");
    public static SnsFault Hang(TimeSpan delay) => new(503, "ServiceUnavailable", delay);
}

/// <summary>
/// A local SNS Query-API endpoint on Kestrel (127.0.0.1, a free port): records every call and answers like SNS
/// (PublishResponse / SubscribeResponse / UnsubscribeResponse, or an ErrorResponse for an injected fault).
/// </summary>
public sealed class FakeSns : IAsyncDisposable
{
    public const string TopicArn = "arn:aws:sns:us-east-1:123456789012:tracker-alerts";
    private const string Ns = "http://sns.amazonaws.com/doc/2010-03-31/";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SnsCall> _calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<SnsFault>> _faults = new();

    static FakeSns() => TestCredentials.Set();

    private FakeSns(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<SnsCall> Calls => [.. _calls];

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

    private async Task HandleAsync(HttpContext http)
    {
        var form = (await http.Request.ReadFormAsync()).ToDictionary(p => p.Key, p => p.Value.ToString());
        var action = form.GetValueOrDefault("Action") ?? "";
        var headers = http.Request.Headers;
        string? fault = null;
        if (_faults.TryGetValue(action, out var queue) && queue.TryDequeue(out var f))
        {
            if (f.Delay > TimeSpan.Zero)
            {
                try { await Task.Delay(f.Delay, http.RequestAborted); } catch (OperationCanceledException) { }
            }
            http.Response.StatusCode = f.Status;
            fault = $"<ErrorResponse xmlns=\"{Ns}\"><Error><Type>{(f.Status >= 500 ? "Receiver" : "Sender")}</Type><Code>{f.Code}</Code><Message>Injected {f.Code}</Message></Error><RequestId>{Guid.NewGuid()}</RequestId></ErrorResponse>";
        }
        _calls.Enqueue(new SnsCall(action, form, headers.Authorization.ToString(), headers["X-Amz-Date"].ToString(), headers["X-Amz-Content-Sha256"].ToString(), fault is null));
        http.Response.ContentType = "text/xml";
        await http.Response.WriteAsync(fault ?? Answer(action, form));
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
