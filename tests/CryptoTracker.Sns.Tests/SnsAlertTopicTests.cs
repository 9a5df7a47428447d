using System.Net;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using CryptoTracker.Testing;

namespace CryptoTracker.Sns.Tests;

public sealed class SnsAlertTopicTests : IAsyncLifetime
{
    private FakeSns _sns = null!;

    public async ValueTask InitializeAsync() => _sns = await FakeSns.StartAsync();
    public async ValueTask DisposeAsync() => await _sns.DisposeAsync();

    private SnsAlertTopic Topic(string? region = null, TimeSpan? timeout = null, Uri? publicUrl = null, TimeProvider? clock = null) =>
        new(new SnsQueryClient(new HttpClient(), new SnsOptions
        {
            TopicArn = FakeSns.TopicArn,
            ServiceUrl = _sns.Url.ToString(),
            Region = region,
            Timeout = timeout ?? TimeSpan.FromSeconds(5),
        }, clock: clock), publicUrl);

    // volume:btcusd 12.5 against an hour averaging 2.5 → ratio 5.
    private static readonly Alert Spike = TestAlerts.Spike(new MetricId("volume", "btcusd"), new DateTimeOffset(2023, 3, 10, 14, 5, 0, TimeSpan.Zero), 12.5, 2.5);

    [Fact]
    public async Task TheLocalSns_RefusesACallSignedWithAnotherSecret_LikeSns()
    {
        var client = new SnsQueryClient(new HttpClient(), new SnsOptions { TopicArn = FakeSns.TopicArn, ServiceUrl = _sns.Url.ToString() },
            new Amazon.Runtime.BasicAWSCredentials(TestCredentials.AccessKey, "not-the-secret"));

        var refused = await Assert.ThrowsAsync<SnsException>(() => new SnsTextMessages(client).SendAsync("+14155550123", "hello", CancellationToken.None));

        Assert.Equal("SignatureDoesNotMatch", refused.Code);
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal(1, _sns.BadSignatures);
        Assert.Empty(_sns.Accepted("Publish"));
    }

    [Fact]
    public async Task SendText_PublishesToThePhoneNumber_AsATransactionalSms_WithoutATopic()
    {
        var client = new SnsQueryClient(new HttpClient(), new SnsOptions { TopicArn = FakeSns.TopicArn, ServiceUrl = _sns.Url.ToString() });

        await new SnsTextMessages(client).SendAsync("+14155550123", "Your code is 123456", CancellationToken.None);

        var call = Assert.Single(_sns.Accepted("Publish"));
        Assert.Equal("+14155550123", call["PhoneNumber"]);
        Assert.Equal("Your code is 123456", call["Message"]);
        Assert.Null(call["TopicArn"]);
        Assert.Equal(("String", "Transactional"), call.MessageAttributes()["AWS.SNS.SMS.SMSType"]);
        Assert.Equal(0, _sns.BadSignatures);
    }

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
        Assert.Equal("CryptoTracker alert: volume:btcusd at 5x its last-hour average [spike]", call["Subject"]);
        var message = call["Message"]!;
        Assert.Contains("Value:             12.5", message);
        Assert.Contains("Last-hour average: 2.5", message);
        Assert.Contains("Ratio:             5x", message);
        Assert.Contains("Rule:              spike (spike)", message);
        Assert.Contains("Time:              2023-03-10T14:05:00Z", message);
        Assert.Contains("Dashboard:         https://tracker.example.com/metric/volume/btcusd", message);
        var attributes = call.MessageAttributes();
        Assert.Equal(("String", "volume:btcusd"), attributes["metric"]);
        Assert.Equal(("String", "volume"), attributes["type"]);
        Assert.Equal(("String", "btcusd"), attributes["symbol"]);
        Assert.Equal(("String", "spike"), attributes["rule"]);
        Assert.Equal(("String", "spike"), attributes["kind"]);
        Assert.Equal(5, attributes.Count);
    }

    [Fact]
    public async Task Publish_ARuleAlert_NamesTheRuleAndKind_InSubjectMessageAndAttributes()
    {
        // usdcusd fell to 0.8788 below the 0.95 level; and btcusd moved from 20,000 to 21,100 (+5.5 %) against a 5 % limit.
        var t = new DateTimeOffset(2023, 3, 11, 3, 0, 0, TimeSpan.Zero);
        var usdc = new MetricId("price", "usdcusd");
        var below = new Alert(TestAlerts.Id(usdc, t, "usdc-below-95c"), usdc, t, 0.8788, 0.95, 0.8788 / 0.95) { Rule = "usdc-below-95c", Kind = "below", Threshold = 0.95 };
        var btc = new MetricId("price", "btcusd");
        var change = new Alert(TestAlerts.Id(btc, t, "btc-move-5"), btc, t, 21_100, 20_000, 1.055) { Rule = "btc-move-5", Kind = "change", Threshold = 5 };

        await Topic().PublishAsync(below, CancellationToken.None);
        await Topic().PublishAsync(change, CancellationToken.None);

        var calls = _sns.Accepted("Publish");
        Assert.Equal("CryptoTracker alert: price:usdcusd below 0.95 [usdc-below-95c]", calls[0]["Subject"]);
        Assert.Contains("Rule:              usdc-below-95c (below)", calls[0]["Message"]!);
        Assert.Contains("Value:             0.8788", calls[0]["Message"]!);
        Assert.EndsWith("Alert id: price:usdcusd@20230311T0300Z~usdc-below-95c", calls[0]["Message"]!);
        Assert.Equal(("String", "usdc-below-95c"), calls[0].MessageAttributes()["rule"]);
        Assert.Equal(("String", "below"), calls[0].MessageAttributes()["kind"]);
        Assert.Equal("CryptoTracker alert: price:btcusd moved +5.5% (limit 5%) [btc-move-5]", calls[1]["Subject"]);
        Assert.Contains("Earlier value:     20000", calls[1]["Message"]!);
        Assert.Equal(("String", "change"), calls[1].MessageAttributes()["kind"]);
        Assert.Equal(("String", "price:btcusd"), calls[1].MessageAttributes()["metric"]);
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
    // The topic's set-up (authorization, a missing topic, KMS): the alert waits in the outbox for the fix, it is not dropped.
    [InlineData(403, "AuthorizationError", true)]
    [InlineData(404, "NotFound", true)]
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
        _sns.FailNext("Publish", SnsFault.Hang(TimeSpan.FromMinutes(5)));
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var publish = Topic(timeout: TimeSpan.FromSeconds(10), clock: clock).PublishAsync(Spike, CancellationToken.None);
        var until = DateTime.UtcNow.AddSeconds(60);
        while (_sns.Received == 0 && DateTime.UtcNow < until) await Task.Delay(20);
        Assert.Equal(1, _sns.Received); // SNS holds the call…

        clock.Advance(TimeSpan.FromSeconds(10)); // …until the client's timeout, on its clock: no real waiting
        var ex = await Assert.ThrowsAsync<SnsException>(() => publish.WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal("Timeout", ex.Code);
        Assert.True(ex.Retryable);
    }

    [Fact]
    public async Task Subscribe_Email_AsksForNoArn_SendsTheFilterPolicy_AndIsPendingConfirmation()
    {
        var outcome = await Topic().SubscribeAsync(SubscriptionProtocol.Email, "alice@example.com",
            new([new MetricId("volume", "btcusd"), new MetricId("price", "btcusd")], null), CancellationToken.None);

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
        var outcome = await Topic().SubscribeAsync(SubscriptionProtocol.Sms, "+14155550123", SubscriptionFilter.Everything, CancellationToken.None);

        Assert.False(outcome.PendingConfirmation);
        Assert.StartsWith(FakeSns.TopicArn + ":", outcome.SubscriptionId);
        var call = Assert.Single(_sns.Accepted("Subscribe"));
        Assert.Equal("sms", call["Protocol"]);
        Assert.DoesNotContain(call.Form.Keys, k => k.StartsWith("Attributes.", StringComparison.Ordinal));
    }

    public static TheoryData<string[]?, string[]?, string> Filters => new()
    {
        // Hand-written: SNS matches each key against the message attribute of the same name; a key left out matches anything.
        { ["volume:btcusd", "price:ethusd"], null, """{"metric":["volume:btcusd","price:ethusd"]}""" },
        { null, ["btc-below-80k", "spike"], """{"rule":["btc-below-80k","spike"]}""" },
        { ["price:btcusd"], ["btc-below-80k", "eth-moves-5"], """{"metric":["price:btcusd"],"rule":["btc-below-80k","eth-moves-5"]}""" },
        { ["price:btcusd", "price:btcusd"], ["spike", "spike"], """{"metric":["price:btcusd"],"rule":["spike"]}""" },
        { [], ["spike"], """{"rule":["spike"]}""" },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public void FilterPolicy_HasAMetricKey_ARuleKey_OrBoth(string[]? metrics, string[]? rules, string expected)
    {
        var filter = new SubscriptionFilter(metrics?.Select(MetricId.Parse).ToList(), rules);

        Assert.Equal(expected, SnsAlertTopic.FilterPolicy(filter));
    }

    [Fact]
    public async Task Subscribe_WithMetricsAndRules_SendsBothKeys_ScopedToMessageAttributes()
    {
        await Topic().SubscribeAsync(SubscriptionProtocol.Email, "bob@example.com",
            new([new MetricId("price", "btcusd"), new MetricId("price", "ethusd")], ["btc-below-80k"]), CancellationToken.None);

        var call = Assert.Single(_sns.Accepted("Subscribe"));
        Assert.Equal("FilterPolicy", call["Attributes.entry.1.key"]);
        Assert.Equal("""{"metric":["price:btcusd","price:ethusd"],"rule":["btc-below-80k"]}""", call["Attributes.entry.1.value"]);
        Assert.Equal("FilterPolicyScope", call["Attributes.entry.2.key"]);
        Assert.Equal("MessageAttributes", call["Attributes.entry.2.value"]);
    }

    [Theory]
    [InlineData(10, 15, true)]   // 150 combinations: SNS's limit
    [InlineData(10, 16, false)]  // 160
    [InlineData(150, 1, true)]
    [InlineData(1, 151, false)]
    public async Task Subscribe_RefusesMoreThan150MetricRuleCombinations_BeforeCallingSns(int metricCount, int ruleCount, bool allowed)
    {
        var filter = new SubscriptionFilter(
            Enumerable.Range(0, metricCount).Select(i => new MetricId("price", $"sym{i}")).ToList(),
            Enumerable.Range(0, ruleCount).Select(i => $"rule-{i}").ToList());

        var subscribe = Topic().SubscribeAsync(SubscriptionProtocol.Email, "carol@example.com", filter, CancellationToken.None);

        if (allowed)
        {
            await subscribe;
            Assert.Single(_sns.Accepted("Subscribe"));
        }
        else
        {
            await Assert.ThrowsAsync<ArgumentException>(() => subscribe);
            Assert.Empty(_sns.Calls);
        }
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
