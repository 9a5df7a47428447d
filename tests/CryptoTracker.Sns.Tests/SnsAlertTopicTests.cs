using System.Net;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;

namespace CryptoTracker.Sns.Tests;

public sealed class SnsAlertTopicTests : IAsyncLifetime
{
    private FakeSns _sns = null!;

    public async ValueTask InitializeAsync() => _sns = await FakeSns.StartAsync();
    public async ValueTask DisposeAsync() => await _sns.DisposeAsync();

    private SnsAlertTopic Topic(string? region = null, TimeSpan? timeout = null, Uri? publicUrl = null) =>
        new(new SnsQueryClient(new HttpClient(), new SnsOptions
        {
            TopicArn = FakeSns.TopicArn,
            ServiceUrl = _sns.Url.ToString(),
            Region = region,
            Timeout = timeout ?? TimeSpan.FromSeconds(5),
        }), publicUrl);

    // volume:btcusd 12.5 against an hour averaging 2.5 → ratio 5.
    private static readonly Alert Spike = Alert.Create(new MetricId("volume", "btcusd"), new DateTimeOffset(2023, 3, 10, 14, 5, 0, TimeSpan.Zero), 12.5, 2.5);

    [Fact]
    public async Task Publish_SignsForSnsInTheTopicsRegion_AndCarriesSubjectMessageAndFilterAttributes()
    {
        await Topic(publicUrl: new Uri("https://tracker.example.com/")).PublishAsync(Spike, CancellationToken.None);

        var call = Assert.Single(_sns.Accepted("Publish"));
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={TestCredentials.AccessKey}/", call.Authorization);
        Assert.Contains("/us-east-1/sns/aws4_request", call.Authorization);
        Assert.Contains("SignedHeaders=", call.Authorization);
        Assert.Contains("Signature=", call.Authorization);
        Assert.Matches(@"^\d{8}T\d{6}Z$", call.AmzDate);
        Assert.Equal("2010-03-31", call["Version"]);
        Assert.Equal(FakeSns.TopicArn, call["TopicArn"]);
        Assert.Equal("CryptoTracker alert: volume:btcusd at 5x its last-hour average", call["Subject"]);
        var message = call["Message"]!;
        Assert.Contains("Value:             12.5", message);
        Assert.Contains("Last-hour average: 2.5", message);
        Assert.Contains("Ratio:             5x the average", message);
        Assert.Contains("Time:              2023-03-10T14:05:00Z", message);
        Assert.Contains("Dashboard:         https://tracker.example.com/metric/volume/btcusd", message);
        var attributes = call.MessageAttributes();
        Assert.Equal(("String", "volume:btcusd"), attributes["metric"]);
        Assert.Equal(("String", "volume"), attributes["type"]);
        Assert.Equal(("String", "btcusd"), attributes["symbol"]);
        Assert.Equal(3, attributes.Count);
    }

    [Fact]
    public async Task Publish_WithoutPublicUrl_HasNoDashboardLink_AndAnExplicitRegionWinsOverTheArn()
    {
        await Topic(region: "eu-west-1").PublishAsync(Spike, CancellationToken.None);

        var call = Assert.Single(_sns.Accepted("Publish"));
        Assert.Contains("/eu-west-1/sns/aws4_request", call.Authorization);
        Assert.DoesNotContain("Dashboard", call["Message"]);
    }

    [Theory]
    [InlineData(400, "InvalidParameter", false)]
    [InlineData(400, "Throttling", true)]
    [InlineData(500, "InternalError", true)]
    [InlineData(403, "AuthorizationError", false)]
    public async Task Publish_WhenSnsAnswersAnErrorDocument_ThrowsTheTypedError(int status, string code, bool retryable)
    {
        _sns.FailNext("Publish", new SnsFault(status, code));

        var ex = await Assert.ThrowsAsync<SnsException>(() => Topic().PublishAsync(Spike, CancellationToken.None));

        Assert.Equal(code, ex.Code);
        Assert.Equal($"Injected {code}", ex.Message);
        Assert.Equal((HttpStatusCode)status, ex.Status);
        Assert.Equal(retryable, ex.Retryable);
        Assert.NotNull(ex.RequestId);
    }

    [Fact]
    public async Task Publish_WhenSnsDoesNotAnswerInTime_ThrowsARetryableTimeout()
    {
        _sns.FailNext("Publish", SnsFault.Hang(TimeSpan.FromSeconds(3)));

        var ex = await Assert.ThrowsAsync<SnsException>(() => Topic(timeout: TimeSpan.FromMilliseconds(300)).PublishAsync(Spike, CancellationToken.None));

        Assert.Equal("Timeout", ex.Code);
        Assert.True(ex.Retryable);
    }

    [Fact]
    public async Task Subscribe_Email_AsksForNoArn_SendsTheFilterPolicy_AndIsPendingConfirmation()
    {
        var outcome = await Topic().SubscribeAsync(SubscriptionProtocol.Email, "alice@example.com",
            [new MetricId("volume", "btcusd"), new MetricId("price", "btcusd")], CancellationToken.None);

        Assert.True(outcome.PendingConfirmation);
        Assert.Null(outcome.SubscriptionId);
        var call = Assert.Single(_sns.Accepted("Subscribe"));
        Assert.Contains("/us-east-1/sns/aws4_request", call.Authorization);
        Assert.Equal("email", call["Protocol"]);
        Assert.Equal("alice@example.com", call["Endpoint"]);
        Assert.Equal("false", call["ReturnSubscriptionArn"]);
        Assert.Equal("FilterPolicy", call["Attributes.entry.1.key"]);
        Assert.Equal("""{"metric":["volume:btcusd","price:btcusd"]}""", call["Attributes.entry.1.value"]);
    }

    [Fact]
    public async Task Subscribe_Sms_WithoutMetrics_HasNoFilterPolicy_AndIsSubscribedAtOnce()
    {
        var outcome = await Topic().SubscribeAsync(SubscriptionProtocol.Sms, "+14155550123", null, CancellationToken.None);

        Assert.False(outcome.PendingConfirmation);
        Assert.StartsWith(FakeSns.TopicArn + ":", outcome.SubscriptionId);
        var call = Assert.Single(_sns.Accepted("Subscribe"));
        Assert.Equal("sms", call["Protocol"]);
        Assert.DoesNotContain(call.Form.Keys, k => k.StartsWith("Attributes.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("arn:aws:sns:us-east-1:123456789012:tracker-alerts:0b4f5a3e-6d1c-4a8e-9a51-0e0d3c1f2a77", true)]
    [InlineData("arn:aws:sns:us-east-1:123456789012:other-topic:0b4f5a3e-6d1c-4a8e-9a51-0e0d3c1f2a77", false)]
    [InlineData("arn:aws:sns:us-east-1:123456789012:tracker-alerts", false)]
    [InlineData("arn:aws:sns:us-east-1:123456789012:tracker-alerts:not-a-uuid", false)]
    [InlineData("arn:aws:sns:us-east-1:123456789012:tracker-alerts:0b4f5a3e-6d1c-4a8e-9a51-0e0d3c1f2a77:x", false)]
    [InlineData("pending confirmation", false)]
    public void IsSubscriptionOfTopic_AcceptsOnlyThisTopicsSubscriptions(string arn, bool expected) =>
        Assert.Equal(expected, new SnsOptions { TopicArn = FakeSns.TopicArn }.IsSubscriptionOfTopic(arn));
}
