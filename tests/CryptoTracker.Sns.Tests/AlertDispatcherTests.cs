using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using CryptoTracker.Sqlite;
using CryptoTracker.Testing;
using Moq;

namespace CryptoTracker.Sns.Tests;

/// <summary>The outbox dispatcher against a real SQLite store and the local SNS over HTTP.</summary>
public sealed class AlertDispatcherTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2023, 3, 10, 15, 0, 0, TimeSpan.Zero);
    private readonly string _db = Path.Combine(Path.GetTempPath(), $"ct-dispatch-{Guid.NewGuid():N}.db");
    private readonly ReplayClock _clock = new(Now);
    private FakeSns _sns = null!;
    private SqliteMetricStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        _sns = await FakeSns.StartAsync();
        _store = new SqliteMetricStore(_db);
        await _store.InitializeAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _sns.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in Directory.GetFiles(Path.GetDirectoryName(_db)!, Path.GetFileName(_db) + "*")) File.Delete(f);
    }

    private static readonly Alert[] ThreeAlerts =
    [
        TestAlerts.Spike(new MetricId("volume", "btcusd"), Now.AddMinutes(-50), 30, 5),
        TestAlerts.Spike(new MetricId("price", "ethusd"), Now.AddMinutes(-20), 2000, 600),
        TestAlerts.Spike(new MetricId("volume", "ethusd"), Now.AddMinutes(-1), 90, 10),
    ];

    private async Task StoreAsync(params Alert[] alerts) =>
        await _store.CommitAsync(new TickCommit([], alerts, [], new CollectorStatus(Now, Now, 0, new SourceStatus("test", Now, null, null, 0, 0), null),
            Now.AddDays(-1), Now.AddDays(-7)), CancellationToken.None);

    private AlertDispatcher Dispatcher(IMetricStore? store = null, int attempts = 3, TimeSpan? timeout = null) => new(
        store ?? _store,
        new SnsAlertTopic(new SnsQueryClient(new HttpClient(), new SnsOptions
        {
            TopicArn = FakeSns.TopicArn,
            ServiceUrl = _sns.Url.ToString(),
            // Generous by default: a cold first call that times out on the client but succeeds at SNS is a real duplicate.
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
        }), null),
        _clock, Alert.DefaultRetention, new AlertDispatcherOptions { Attempts = attempts, RetryDelay = TimeSpan.FromMilliseconds(20) });

    private IEnumerable<string> PublishedMetrics => _sns.Accepted("Publish").Select(c => c.MessageAttributes()["metric"].Value!);

    [Fact]
    public async Task Dispatch_WhenSnsFailsThenRecovers_PublishesEachAlertExactlyOnce_AndMarksThem()
    {
        await StoreAsync(ThreeAlerts);
        // The first alert meets a 500, a throttle and a timeout before SNS accepts it: all within one run (4 attempts).
        _sns.FailNext("Publish", SnsFault.Internal, SnsFault.Throttled, SnsFault.Hang(TimeSpan.FromSeconds(4)));
        var dispatcher = Dispatcher(attempts: 4, timeout: TimeSpan.FromSeconds(1.5));

        var report = await dispatcher.DispatchAsync(CancellationToken.None);

        Assert.Equal(new DispatchReport(3, 0, 0), report);
        Assert.Equal(["volume:btcusd", "price:ethusd", "volume:ethusd"], PublishedMetrics);
        Assert.Equal(6, _sns.Calls.Count(c => c.Action == "Publish"));
        Assert.Empty(await _store.GetUndeliveredAlertsAsync(AlertChannels.Sns, Now.AddDays(-7), CancellationToken.None));
        Assert.Equal(3, dispatcher.Health.Published);
        Assert.Equal(0, dispatcher.Health.ConsecutiveFailures);

        var again = await dispatcher.DispatchAsync(CancellationToken.None);

        Assert.Equal(new DispatchReport(0, 0, 0), again);
        Assert.Equal(3, _sns.Accepted("Publish").Count);
    }

    [Fact]
    public async Task Dispatch_WhenSnsStaysDown_KeepsTheAlertsForTheNextTick_AndHealthSaysWhy()
    {
        await StoreAsync(ThreeAlerts);
        _sns.FailNext("Publish", SnsFault.Internal, SnsFault.Internal, SnsFault.Throttled);
        var dispatcher = Dispatcher(attempts: 3);

        var first = await dispatcher.DispatchAsync(CancellationToken.None);

        // Retryable failures stop the run at the first alert: the others wait, in order, for the next tick.
        Assert.Equal(new DispatchReport(0, 1, 3), first);
        Assert.Empty(_sns.Accepted("Publish"));
        Assert.Equal(3, (await _store.GetUndeliveredAlertsAsync(AlertChannels.Sns, Now.AddDays(-7), CancellationToken.None)).Count);
        Assert.Equal(1, dispatcher.Health.ConsecutiveFailures);
        Assert.Equal(3, dispatcher.Health.Pending);
        Assert.Contains("Throttling", dispatcher.Health.LastError);

        var next = await dispatcher.DispatchAsync(CancellationToken.None);

        Assert.Equal(new DispatchReport(3, 0, 0), next);
        Assert.Equal(["volume:btcusd", "price:ethusd", "volume:ethusd"], PublishedMetrics);
        Assert.Equal(0, dispatcher.Health.ConsecutiveFailures);
    }

    [Fact]
    public async Task Dispatch_WhenSnsRefusesOneAlertForGood_StillPublishesTheOthers_AndNeverOffersItAgain()
    {
        await StoreAsync(ThreeAlerts);
        _sns.FailNext("Publish", new SnsFault(400, "InvalidParameter"));
        var dispatcher = Dispatcher();

        var report = await dispatcher.DispatchAsync(CancellationToken.None);

        // The refusal is reported (health) and the alert is done for SNS: retrying cannot fix it.
        Assert.Equal(new DispatchReport(2, 1, 0), report);
        Assert.Equal(["price:ethusd", "volume:ethusd"], PublishedMetrics);
        Assert.Empty(await _store.GetUndeliveredAlertsAsync(AlertChannels.Sns, Now.AddDays(-7), CancellationToken.None));
        Assert.StartsWith($"{ThreeAlerts[0].Id} refused: InvalidParameter", dispatcher.Health.LastError);
        Assert.Equal(1, dispatcher.Health.ConsecutiveFailures);

        Assert.Equal(new DispatchReport(0, 0, 0), await dispatcher.DispatchAsync(CancellationToken.None));
        Assert.Equal(3, _sns.Calls.Count(c => c.Action == "Publish"));
        Assert.Equal(0, dispatcher.Health.ConsecutiveFailures);
    }

    [Fact]
    public async Task Dispatch_RunConcurrently_NeverPublishesAnAlertTwice()
    {
        await StoreAsync(ThreeAlerts);
        var dispatcher = Dispatcher();

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => dispatcher.DispatchAsync(CancellationToken.None)));

        Assert.Equal(3, _sns.Accepted("Publish").Count);
        Assert.Equal(3, _sns.Accepted("Publish").Select(c => c.MessageAttributes()["metric"].Value).Distinct().Count());
    }

    [Fact]
    public async Task Dispatch_WhenTheStoreCannotMarkAnAcceptedAlert_MarksItNextRunWithoutPublishingItAgain()
    {
        // A store that fails once on marking is a fault the real SQLite file cannot be made to produce on demand.
        await StoreAsync(ThreeAlerts[0]);
        var store = new Mock<IMetricStore>();
        store.Setup(s => s.GetUndeliveredAlertsAsync(AlertChannels.Sns, It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .Returns((string channel, DateTimeOffset after, CancellationToken ct) => _store.GetUndeliveredAlertsAsync(channel, after, ct));
        var marks = 0;
        store.Setup(s => s.MarkDeliveredAsync(AlertChannels.Sns, It.IsAny<IReadOnlyList<string>>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .Returns((string channel, IReadOnlyList<string> ids, DateTimeOffset at, CancellationToken ct) =>
                ++marks == 1 ? Task.FromException(new IOException("disk full")) : _store.MarkDeliveredAsync(channel, ids, at, ct));
        var dispatcher = Dispatcher(store.Object);

        var first = await dispatcher.DispatchAsync(CancellationToken.None);
        var second = await dispatcher.DispatchAsync(CancellationToken.None);

        Assert.Equal(1, first.Published);
        Assert.Contains("disk full", dispatcher.Health.LastError);
        Assert.Equal(new DispatchReport(0, 0, 0), second);
        Assert.Single(_sns.Accepted("Publish"));
        Assert.Empty(await _store.GetUndeliveredAlertsAsync(AlertChannels.Sns, Now.AddDays(-7), CancellationToken.None));
    }
}
