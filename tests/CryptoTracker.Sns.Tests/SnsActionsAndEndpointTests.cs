using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using CryptoTracker.Testing;

namespace CryptoTracker.Sns.Tests;

/// <summary>
/// The deployed functions are granted <see cref="SnsActions"/>: here each use runs against the local SNS endpoint,
/// which records the actions really sent. And without a ServiceUrl the client finds SNS in the topic's partition.
/// </summary>
public sealed class SnsActionsAndEndpointTests : IAsyncLifetime
{
    private FakeSns _sns = null!;

    public async ValueTask InitializeAsync() => _sns = await FakeSns.StartAsync();
    public async ValueTask DisposeAsync() => await _sns.DisposeAsync();

    private SnsAlertTopic Topic() =>
        new(new SnsQueryClient(new HttpClient(), new SnsOptions
        {
            TopicArn = FakeSns.TopicArn,
            ServiceUrl = _sns.Url.ToString(),
            Timeout = TimeSpan.FromSeconds(5),
        }), publicUrl: null);

    private IReadOnlyList<string> ActionsSent() =>
        [.. _sns.Calls.Select(c => "sns:" + c.Action).Distinct().Order()];

    [Fact]
    public async Task Publisher_SendsExactlyThePublisherActions()
    {
        var alert = TestAlerts.Spike(new MetricId("volume", "btcusd"), new DateTimeOffset(2023, 3, 10, 14, 5, 0, TimeSpan.Zero), 12.5, 2.5);

        await Topic().PublishAsync(alert, CancellationToken.None);

        Assert.Equal(SnsActions.Publisher.Order(), ActionsSent());
    }

    [Fact]
    public async Task SubscriptionManager_SendsExactlyTheSubscriptionActions()
    {
        var topic = Topic();

        var sms = await topic.SubscribeAsync(SubscriptionProtocol.Sms, "+14155550123", SubscriptionFilter.Everything, CancellationToken.None);
        await topic.SubscribeAsync(SubscriptionProtocol.Email, "alice@example.com", new([new MetricId("price", "btcusd")], ["spike"]), CancellationToken.None);
        await topic.UnsubscribeAsync(sms.SubscriptionId!, CancellationToken.None);

        Assert.Equal(SnsActions.SubscriptionManager.Order(), ActionsSent());
    }

    [Theory]
    [InlineData("arn:aws:sns:us-east-1:123456789012:alerts", "https://sns.us-east-1.amazonaws.com/")]
    [InlineData("arn:aws:sns:eu-central-2:123456789012:alerts", "https://sns.eu-central-2.amazonaws.com/")]
    [InlineData("arn:aws-cn:sns:cn-north-1:123456789012:alerts", "https://sns.cn-north-1.amazonaws.com.cn/")]
    [InlineData("arn:aws-cn:sns:cn-northwest-1:123456789012:alerts", "https://sns.cn-northwest-1.amazonaws.com.cn/")]
    [InlineData("arn:aws-us-gov:sns:us-gov-west-1:123456789012:alerts", "https://sns.us-gov-west-1.amazonaws.com/")]
    public void Endpoint_WithoutServiceUrl_IsSnsInTheTopicsRegionAndPartition(string topicArn, string expected)
    {
        Assert.Equal(new Uri(expected), new SnsOptions { TopicArn = topicArn }.Endpoint);
    }

    [Fact]
    public void Endpoint_ServiceUrl_WinsOverTheRegion()
    {
        var options = new SnsOptions { TopicArn = "arn:aws-cn:sns:cn-north-1:123456789012:alerts", ServiceUrl = "http://127.0.0.1:4002" };
        Assert.Equal(new Uri("http://127.0.0.1:4002/"), options.Endpoint);
        Assert.Equal("cn-north-1", options.SigningRegion);
    }
}
