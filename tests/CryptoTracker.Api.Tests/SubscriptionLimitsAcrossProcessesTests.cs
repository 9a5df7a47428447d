using System.Net;
using System.Text;

namespace CryptoTracker.Api.Tests;

/// <summary>
/// Two tracker processes (the subscriptions role, as two Lambda instances would run) on one store, SQLite file or DynamoDB
/// (dynalite), publishing to one local SNS that checks signatures. Requests alternate and race between them; every limit is
/// counted in the store, so together they never pass it. Behind a trusted proxy the client is the forwarded address.
/// </summary>
public sealed class SubscriptionLimitsAcrossProcessesTests : IAsyncLifetime
{
    private FakeSns _sns = null!;
    private DynaliteProcess? _dynalite;
    private readonly string _dir = Directory.CreateTempSubdirectory("ct-two-").FullName;

    public async ValueTask InitializeAsync() => _sns = await FakeSns.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _sns.DisposeAsync();
        _dynalite?.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private async Task<(TrackerProcess A, TrackerProcess B)> StartTwoAsync(string store)
    {
        string[] storeArgs;
        if (store == "dynamodb")
        {
            _dynalite = await DynaliteProcess.StartAsync(SharedData.RepoRoot);
            storeArgs = ["--Tracker:Store=dynamodb", $"--Tracker:DynamoDb:ServiceUrl={_dynalite.ServiceUrl}", "--Tracker:DynamoDb:Table=tracker-two"];
        }
        else storeArgs = [$"--Tracker:Sqlite:Path={Path.Combine(_dir, "tracker.db")}"];
        string[] args = [.. storeArgs, "--Tracker:Role=subscriptions", $"--Tracker:Alerts:Sns:TopicArn={FakeSns.TopicArn}",
            $"--Tracker:Alerts:Sns:ServiceUrl={_sns.Url}", "--Tracker:Alerts:Sms:Enabled=true", "--Tracker:Subscriptions:TrustForwardedFor=true",
            "--Tracker:Subscriptions:PermitsPerMinute=4", "--Tracker:Alerts:MaxSubscriptions=3"];
        var a = await TrackerProcess.StartAsync(args);
        var b = await TrackerProcess.StartAsync(args);
        return (a, b);
    }

    private static async Task<HttpStatusCode> PostAsync(TrackerProcess app, string client, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/subscriptions") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Forwarded-For", client);
        using var response = await app.Http.SendAsync(request);
        return response.StatusCode;
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("dynamodb")]
    public async Task TwoProcessesOnOneStore_TogetherKeepEveryLimit(string store)
    {
        var (a, b) = await StartTwoAsync(store);
        await using var _ = a;
        await using var __ = b;

        // One client, 12 racing requests (6 per process), for 12 different numbers: 4 per minute in all.
        var perClient = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            PostAsync(i % 2 == 0 ? a : b, "203.0.113.7", $$"""{"protocol":"sms","endpoint":"+1415555{{i:0000}}"}""")));
        Assert.Equal(4, perClient.Count(s => s == HttpStatusCode.Accepted));
        Assert.Equal(8, perClient.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(4, _sns.Accepted("Publish").Count);

        // One IPv6 /64 is one client, whatever the interface id.
        var sameNetwork = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            PostAsync(i % 2 == 0 ? a : b, $"2001:db8:1:2::{i + 1:x}", $$"""{"protocol":"sms","endpoint":"+1650555{{i:0000}}"}""")));
        Assert.Equal(4, sameNetwork.Count(s => s == HttpStatusCode.Accepted));

        // One number from many clients, alternating: 3 codes per 24 h in all.
        var perNumber = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) perNumber.Add(await PostAsync(i % 2 == 0 ? a : b, $"198.51.100.{i + 1}", """{"protocol":"sms","endpoint":"+12025550100"}"""));
        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], perNumber);
        Assert.Equal(3, _sns.Accepted("Publish").Count(c => c["PhoneNumber"] == "+12025550100"));

        // Eight new addresses racing from eight clients: the global cap of 3 subscriptions, then 409.
        var capped = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            PostAsync(i % 2 == 0 ? a : b, $"192.0.2.{i + 1}", $$"""{"protocol":"email","endpoint":"person{{i}}@example.com"}""")));
        Assert.Equal(3, capped.Count(s => s == HttpStatusCode.Accepted));
        Assert.Equal(5, capped.Count(s => s == HttpStatusCode.Conflict));
        Assert.Equal(3, _sns.Accepted("Subscribe").Count);
        Assert.Equal(0, _sns.BadSignatures);
    }
}
