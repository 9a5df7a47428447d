using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using CryptoTracker.Testing;

namespace CryptoTracker.Stores.Tests;

/// <summary>
/// What every <see cref="IMetricStore"/> must do, with expected values written out by hand. Each test gets a fresh,
/// initialised store (a new file, a new table).
/// </summary>
public abstract class MetricStoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2023, 3, 1, 0, 0, 0, TimeSpan.Zero);
    protected static readonly MetricId Btc = new("price", "btcusd");
    protected static readonly MetricId Eth = new("volume", "ethusd");
    private static readonly CancellationToken Ct = CancellationToken.None;

    protected IMetricStore Store { get; private set; } = null!;

    protected abstract Task<IMetricStore> CreateStoreAsync();

    public async ValueTask InitializeAsync()
    {
        Store = await CreateStoreAsync();
        await Store.InitializeAsync(Ct);
    }

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected static DateTimeOffset M(int minutes) => T0.AddMinutes(minutes);

    protected static TickCommit Commit(
        IEnumerable<(MetricId, Point)>? points = null, IEnumerable<Alert>? alerts = null, IEnumerable<MetricSummary>? summaries = null,
        CollectorStatus? status = null, DateTimeOffset? pointsCutoff = null, DateTimeOffset? alertsCutoff = null) =>
        new([.. points ?? []], [.. alerts ?? []], [.. summaries ?? []],
            status ?? new CollectorStatus(null, null, 0, new SourceStatus("test", null, null, null, 0, 0), null),
            pointsCutoff ?? T0.AddDays(-1), alertsCutoff ?? T0.AddDays(-7));

    protected static (MetricId, Point) P(MetricId metric, int minute, double value) => (metric, new Point(M(minute), value));

    protected static MetricSummary Summary(MetricId id, double mean, int count = 2, double? stdDev = 0.5, int? rank = 1, int total = 1) =>
        new(id, M(5).AddDays(-1), M(5), new WindowStats(count, mean, stdDev, mean - 1, mean + 1), new Point(M(5), mean + 1),
            new RankPlace(rank, total), new RankPlace(rank, total));

    protected static void AssertSameBits(double expected, double actual) =>
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));

    [Fact]
    public async Task EmptyStore_ReadsReturnNothing()
    {
        Assert.Null(await Store.GetStatusAsync(Ct));
        Assert.Empty(await Store.GetSummariesAsync(Ct));
        Assert.Empty(await Store.GetHistoryAsync(Btc, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Ct));
        Assert.Empty(await Store.GetAlertsAsync(DateTimeOffset.MinValue, Ct));
        Assert.Empty(await Store.GetUndeliveredAlertsAsync(AlertChannels.Sns, DateTimeOffset.MinValue, Ct));
        var loaded = await Store.LoadAsync(DateTimeOffset.MinValue, DateTimeOffset.MinValue, Ct);
        Assert.Empty(loaded.Points);
        Assert.Empty(loaded.Alerts);
    }

    [Fact]
    public async Task Commit_ThenHistory_ReturnsEveryValueBitForBitInUtc()
    {
        // Values whose shortest decimal form is long, tiny, huge or not what the literal suggests (0.1 + 0.2).
        double[] btc = [23143.72, 0.30000000000000004, 0.3333333333333333, 1.7976931348623157E+100];
        double[] eth = [123456789.12345679, 1E-07, 0.0, 4.9406564584124654E-120];
        await Store.CommitAsync(Commit(points: btc.Select((v, i) => P(Btc, i + 1, v)).Concat(eth.Select((v, i) => P(Eth, i + 1, v)))), Ct);

        var btcHistory = await Store.GetHistoryAsync(Btc, M(0), M(4), Ct);
        var ethHistory = await Store.GetHistoryAsync(Eth, M(0), M(4), Ct);

        Assert.Equal([M(1), M(2), M(3), M(4)], btcHistory.Select(p => p.T));
        Assert.Equal([M(1), M(2), M(3), M(4)], ethHistory.Select(p => p.T));
        Assert.All(btcHistory.Concat(ethHistory), p => Assert.Equal(TimeSpan.Zero, p.T.Offset));
        for (var i = 0; i < 4; i++)
        {
            AssertSameBits(btc[i], btcHistory[i].V);
            AssertSameBits(eth[i], ethHistory[i].V);
        }
    }

    [Fact]
    public async Task Commit_ThenSummaries_ReturnTheSetOrderedByTypeThenSymbol()
    {
        var ada = new MetricId("price", "adausd");
        var lonely = new MetricSummary(Eth, M(5).AddDays(-1), M(5), new WindowStats(1, 0.1, null, 0.1, 0.1), new Point(M(5), 0.1),
            new RankPlace(null, 0), new RankPlace(1, 1));
        var btc = new MetricSummary(Btc, M(5).AddDays(-1), M(5), new WindowStats(1440, 23143.720000000001, 11.123456789012345, 23000.01, 23300.5),
            new Point(M(5), 23143.67), new RankPlace(1, 2), new RankPlace(1, 2));
        var adaSummary = new MetricSummary(ada, M(5).AddDays(-1), M(5), new WindowStats(2, 0.35, 0.07071067811865474, 0.3, 0.4),
            new Point(M(4), 0.4), new RankPlace(2, 2), new RankPlace(2, 2));

        await Store.CommitAsync(Commit(summaries: [lonely, btc, adaSummary]), Ct);
        var read = await Store.GetSummariesAsync(Ct);

        Assert.Equal([adaSummary, btc, lonely], read);
        AssertSameBits(23143.720000000001, read[1].Stats.Mean);
        AssertSameBits(0.07071067811865474, read[0].Stats.StdDev!.Value);
        Assert.Null(read[2].ByStdDev.Rank);
        Assert.All(read, s => Assert.Equal(TimeSpan.Zero, s.WindowTo.Offset));
    }

    [Fact]
    public async Task Commit_ThenAlerts_ReturnThemOldestFirstWithTheirIds()
    {
        var late = TestAlerts.Spike(Btc, M(9), 30.0, 9.0);
        var early = TestAlerts.Spike(Eth, M(3), 0.3333333333333333, 0.1);
        var sameMinute = new Alert("a-custom-id", Btc, M(3), 7.5, 2.5, 3.0);

        await Store.CommitAsync(Commit(alerts: [late, early, sameMinute]), Ct);
        var read = await Store.GetAlertsAsync(DateTimeOffset.MinValue, Ct);

        // Same minute: by id, ordinal ("a-custom-id" < "volume:...").
        Assert.Equal([sameMinute, early, late], read);
        Assert.Equal("price:btcusd@20230301T0009Z", read[2].Id);
        AssertSameBits(3.333333333333333, read[1].Ratio);
        Assert.All(read, a => Assert.Equal(TimeSpan.Zero, a.T.Offset));
    }

    [Fact]
    public async Task Commit_ThenAlerts_KeepEachAlertsRuleKindAndThreshold()
    {
        var spike = TestAlerts.Spike(Btc, M(4), 30.0, 9.0) with { Threshold = 3 };
        var below = new Alert(TestAlerts.Id(Btc, M(4), "btc-below-80k"), Btc, M(4), 79_999.5, 80_000, 79_999.5 / 80_000)
        {
            Rule = "btc-below-80k", Kind = "below", Threshold = 80_000,
        };
        var change = new Alert(TestAlerts.Id(Eth, M(5), "eth-move-5"), Eth, M(5), 0.1, 0.3, 0.1 / 0.3) { Rule = "eth-move-5", Kind = "change", Threshold = 5.5 };
        var legacy = TestAlerts.Spike(Eth, M(2), 1.5, 0.5); // no threshold, as alerts stored before rules existed

        await Store.CommitAsync(Commit(alerts: [spike, below, change, legacy]), Ct);
        var read = await Store.GetAlertsAsync(DateTimeOffset.MinValue, Ct);

        // Same minute: by id, ordinal; the spike rule's id is a prefix of the rule's.
        Assert.Equal([legacy, spike, below, change], read);
        Assert.Equal(("price:btcusd@20230301T0004Z~btc-below-80k", "btc-below-80k", "below", 80_000.0), (read[2].Id, read[2].Rule, read[2].Kind, read[2].Threshold));
        Assert.Equal(("spike", "spike", null), (read[0].Rule, read[0].Kind, read[0].Threshold));
        AssertSameBits(0.1 / 0.3, read[3].Ratio);

        await Store.MarkDeliveredAsync("sns", [below.Id], M(6), Ct);
        Assert.Equal([legacy, spike, change], await Store.GetUndeliveredAlertsAsync("sns", DateTimeOffset.MinValue, Ct));
        Assert.Equal([legacy, spike, below, change], (await Store.LoadAsync(DateTimeOffset.MinValue, DateTimeOffset.MinValue, Ct)).Alerts);
    }

    [Fact]
    public async Task Commit_ThenStatus_ReturnsItWithTimesTruncatedToTheSecond()
    {
        var status = new CollectorStatus(M(3), M(3).AddSeconds(12.345), 2,
            new SourceStatus("kraken", M(3).AddMilliseconds(500), M(2).AddSeconds(1.9), "HttpRequestException: 503 (Service Unavailable)", 2, 1_234_567_890_123),
            true);
        await Store.CommitAsync(Commit(status: status), Ct);

        var read = await Store.GetStatusAsync(Ct);

        Assert.Equal(new CollectorStatus(M(3), M(3).AddSeconds(12), 2,
            new SourceStatus("kraken", M(3), M(2).AddSeconds(1), "HttpRequestException: 503 (Service Unavailable)", 2, 1_234_567_890_123), true), read);
        Assert.Equal(TimeSpan.Zero, read!.LastCommit!.Value.Offset);
    }

    [Fact]
    public async Task Commit_WithNullableStatusFieldsUnset_ReadsThemBackAsNull()
    {
        var status = new CollectorStatus(null, M(1), 0, new SourceStatus("replay", null, null, null, 0, 0), false);
        await Store.CommitAsync(Commit(status: status), Ct);
        Assert.Equal(status, await Store.GetStatusAsync(Ct));

        var next = status with { ReplayFinished = null };
        await Store.CommitAsync(Commit(status: next), Ct);
        Assert.Equal(next, await Store.GetStatusAsync(Ct));
    }

    [Fact]
    public async Task Commit_WhenPointsAndAlertsRepeat_KeepsOnePointAndOneAlert()
    {
        var alert = TestAlerts.Spike(Btc, M(2), 9.0, 2.0);
        var commit = Commit(points: [P(Btc, 1, 1.5), P(Btc, 2, 9.0), P(Btc, 2, 9.0)], alerts: [alert, alert]);

        await Store.CommitAsync(commit, Ct);
        await Store.CommitAsync(commit, Ct);

        Assert.Equal([new Point(M(1), 1.5), new Point(M(2), 9.0)], await Store.GetHistoryAsync(Btc, M(0), M(10), Ct));
        Assert.Equal([alert], await Store.GetAlertsAsync(M(0), Ct));
        Assert.Equal([alert], await Store.GetUndeliveredAlertsAsync(AlertChannels.Sns, M(0), Ct));
    }

    [Fact]
    public async Task Commit_WhenAPublishedAlertIsCommittedAgain_KeepsItPublished()
    {
        var alert = TestAlerts.Spike(Btc, M(2), 9.0, 2.0);
        await Store.CommitAsync(Commit(alerts: [alert]), Ct);
        await Store.MarkDeliveredAsync(AlertChannels.Sns, [alert.Id], M(3), Ct);

        await Store.CommitAsync(Commit(alerts: [alert]), Ct);

        Assert.Empty(await Store.GetUndeliveredAlertsAsync(AlertChannels.Sns, M(0), Ct));
        Assert.Equal([alert], await Store.GetAlertsAsync(M(0), Ct));
    }

    [Fact]
    public async Task History_ReturnsPointsAfterTheStartUpToAndIncludingTheEnd_WithGapsLeftOut()
    {
        await Store.CommitAsync(Commit(points: [P(Btc, 1, 1), P(Btc, 2, 2), P(Btc, 4, 4), P(Btc, 5, 5), P(Eth, 3, 30)]), Ct);

        Assert.Equal([M(2), M(4)], (await Store.GetHistoryAsync(Btc, M(1), M(4), Ct)).Select(p => p.T));
        Assert.Equal([M(1), M(2), M(4)], (await Store.GetHistoryAsync(Btc, M(0).AddSeconds(30), M(4).AddSeconds(30), Ct)).Select(p => p.T));
        Assert.Equal([M(5)], (await Store.GetHistoryAsync(Btc, M(4), M(5), Ct)).Select(p => p.T));
        Assert.Empty(await Store.GetHistoryAsync(Btc, M(5), M(5), Ct));
        Assert.Empty(await Store.GetHistoryAsync(Btc, M(4), M(1), Ct));
        Assert.Empty(await Store.GetHistoryAsync(Btc, M(2), M(3), Ct));
        Assert.Empty(await Store.GetHistoryAsync(new MetricId("price", "nothing"), M(0), M(10), Ct));
        Assert.Equal([1.0, 2, 4, 5], (await Store.GetHistoryAsync(Btc, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Ct)).Select(p => p.V));
    }

    [Fact]
    public async Task Reads_AfterACutoff_LeaveOutPointsAndAlertsAtOrBeforeIt()
    {
        var alerts = new[] { TestAlerts.Spike(Btc, M(1), 10, 3), TestAlerts.Spike(Btc, M(2), 11, 3), TestAlerts.Spike(Btc, M(3), 12, 3) };
        await Store.CommitAsync(Commit(points: Enumerable.Range(1, 5).Select(i => P(Btc, i, i)), alerts: alerts), Ct);
        // The next tick moves the cutoffs: a store may delete at once (SQLite) or leave it to TTL (DynamoDB).
        await Store.CommitAsync(Commit(points: [P(Btc, 6, 6)], summaries: [Summary(Btc, 5.5)], pointsCutoff: M(3), alertsCutoff: M(2)), Ct);

        Assert.Equal([M(4), M(5), M(6)], (await Store.GetHistoryAsync(Btc, M(3), M(6), Ct)).Select(p => p.T));
        Assert.Equal([alerts[2]], await Store.GetAlertsAsync(M(2), Ct));
        Assert.Equal([alerts[2]], await Store.GetUndeliveredAlertsAsync(AlertChannels.Sns, M(2), Ct));
        var loaded = await Store.LoadAsync(M(3), M(2), Ct);
        Assert.Equal([P(Btc, 4, 4), P(Btc, 5, 5), P(Btc, 6, 6)], loaded.Points);
        Assert.Equal([alerts[2]], loaded.Alerts);
    }

    [Fact]
    public async Task Commit_WhenTheNextSetLacksAMetric_ItsSummaryDisappears()
    {
        await Store.CommitAsync(Commit(summaries: [Summary(Btc, 10), Summary(Eth, 20)]), Ct);
        var eth = Summary(Eth, 21, count: 3);

        await Store.CommitAsync(Commit(summaries: [eth]), Ct);
        Assert.Equal([eth], await Store.GetSummariesAsync(Ct));

        await Store.CommitAsync(Commit(), Ct);
        Assert.Empty(await Store.GetSummariesAsync(Ct));
    }

    [Fact]
    public async Task Commit_WithThousandsOfSummaries_ReadsTheWholeSetBackAndReplacesIt()
    {
        static MetricSummary Numbered(int i, double shift) =>
            Summary(new MetricId("price", $"sym{i:D5}usd"), i + shift, count: 1440, stdDev: i / 7.0, rank: 3000 - i, total: 3000);
        var first = Enumerable.Range(0, 3000).Select(i => Numbered(i, 0.1)).ToList();
        var second = Enumerable.Range(500, 1200).Select(i => Numbered(i, 0.2)).ToList();

        await Store.CommitAsync(Commit(summaries: first), Ct);
        Assert.Equal(first, await Store.GetSummariesAsync(Ct));

        await Store.CommitAsync(Commit(summaries: second), Ct);
        Assert.Equal(second, await Store.GetSummariesAsync(Ct));
    }

    [Fact]
    public async Task Outbox_ListsUnpublishedAlertsOldestFirst_UntilTheyAreMarkedPublished()
    {
        var a1 = TestAlerts.Spike(Btc, M(1), 10, 3);
        var a2 = TestAlerts.Spike(Eth, M(2), 11, 3);
        var a3 = TestAlerts.Spike(Btc, M(3), 12, 3);
        await Store.CommitAsync(Commit(alerts: [a3, a1, a2]), Ct);
        Assert.Equal([a1, a2, a3], await Store.GetUndeliveredAlertsAsync(AlertChannels.Sns, M(0), Ct));

        await Store.MarkDeliveredAsync(AlertChannels.Sns, [a2.Id, "price:unknown@20230301T0000Z"], M(10), Ct);

        Assert.Equal([a1, a3], await Store.GetUndeliveredAlertsAsync(AlertChannels.Sns, M(0), Ct));
        Assert.Equal([a3], await Store.GetUndeliveredAlertsAsync(AlertChannels.Sns, M(1), Ct));
        Assert.Equal([a1, a2, a3], await Store.GetAlertsAsync(M(0), Ct));

        await Store.MarkDeliveredAsync(AlertChannels.Sns, [a1.Id, a2.Id, a3.Id], M(11), Ct);
        Assert.Empty(await Store.GetUndeliveredAlertsAsync(AlertChannels.Sns, M(0), Ct));
        await Store.MarkDeliveredAsync(AlertChannels.Sns, [], M(12), Ct);
    }

    [Fact]
    public async Task Outbox_KeepsOneMarkPerChannel_SoAChannelAddedLaterStartsWithEveryKeptAlert()
    {
        var a1 = TestAlerts.Spike(Btc, M(1), 10, 3);
        var a2 = TestAlerts.Spike(Eth, M(2), 11, 3);
        var a3 = TestAlerts.Spike(Btc, M(3), 12, 3);
        await Store.CommitAsync(Commit(alerts: [a1, a2, a3]), Ct);

        await Store.MarkDeliveredAsync(AlertChannels.Sns, [a1.Id, a2.Id], M(5), Ct);
        await Store.MarkDeliveredAsync("receiver:phone", [a2.Id, "price:unknown@20230301T0000Z"], M(6), Ct);
        await Store.MarkDeliveredAsync("receiver:phone", [a2.Id], M(7), Ct); // a second mark changes nothing

        Assert.Equal([a3], await Store.GetUndeliveredAlertsAsync(AlertChannels.Sns, M(0), Ct));
        Assert.Equal([a1, a3], await Store.GetUndeliveredAlertsAsync("receiver:phone", M(0), Ct));
        Assert.Equal([a3], await Store.GetUndeliveredAlertsAsync("receiver:phone", M(1), Ct));
        Assert.Equal([a1, a2, a3], await Store.GetUndeliveredAlertsAsync("receiver:new", M(0), Ct));

        // A repeated commit of the same alerts (a retried tick) clears no channel's mark.
        await Store.CommitAsync(Commit(alerts: [a1, a2, a3]), Ct);
        Assert.Equal([a3], await Store.GetUndeliveredAlertsAsync(AlertChannels.Sns, M(0), Ct));
        Assert.Equal([a1, a3], await Store.GetUndeliveredAlertsAsync("receiver:phone", M(0), Ct));
        Assert.Equal([a1, a2, a3], await Store.GetAlertsAsync(M(0), Ct));
    }

    [Fact]
    public async Task Load_ReturnsThePointsInsideTheWindowOfEveryMetric_AndTheKeptAlerts()
    {
        var old = TestAlerts.Spike(Eth, M(1), 10, 3);
        var kept = TestAlerts.Spike(Btc, M(3), 12, 3);
        await Store.CommitAsync(Commit(points: [P(Btc, 1, 1.25), P(Btc, 2, 2.5), P(Btc, 3, 3.75), P(Eth, 2, 0.001), P(Eth, 1, 0.002)], alerts: [old, kept]), Ct);
        await Store.CommitAsync(Commit(points: [P(Eth, 3, 0.003)], summaries: [Summary(Btc, 2.5), Summary(Eth, 0.002)]), Ct);

        var loaded = await Store.LoadAsync(M(1), M(2), Ct);

        // Ordered by metric (ordinal: "price:…" before "volume:…"), then time.
        Assert.Equal([P(Btc, 2, 2.5), P(Btc, 3, 3.75), P(Eth, 2, 0.001), P(Eth, 3, 0.003)], loaded.Points);
        Assert.Equal([kept], loaded.Alerts);
    }

    [Fact]
    public async Task Summaries_CarryTheCvRank_IncludingANullRankWithItsTotal()
    {
        // price:btcusd mean 20, sd 10 → cv 0.5, rank 1 of 2 by cv; volume:ethusd mean 0 → no cv, rank null of 1.
        var btc = new MetricSummary(Btc, M(5).AddDays(-1), M(5), new WindowStats(3, 20, 10, 10, 30), new Point(M(5), 30),
            new RankPlace(2, 2), new RankPlace(1, 2)) { ByCv = new RankPlace(1, 2) };
        var eth = new MetricSummary(Eth, M(5).AddDays(-1), M(5), new WindowStats(2, 0, 0, 0, 0), new Point(M(5), 0),
            new RankPlace(1, 1), new RankPlace(1, 1)) { ByCv = new RankPlace(null, 1) };

        await Store.CommitAsync(Commit(summaries: [btc, eth]), Ct);
        var read = await Store.GetSummariesAsync(Ct);

        Assert.Equal([btc, eth], read);
        Assert.Equal(new RankPlace(1, 2), read[0].Place(RankBy.Cv));
        Assert.Equal(0.5, read[0].Value(RankBy.Cv));
        Assert.Equal(new RankPlace(null, 1), read[1].Place(RankBy.Cv));
        Assert.Null(read[1].Value(RankBy.Cv));
    }
}
