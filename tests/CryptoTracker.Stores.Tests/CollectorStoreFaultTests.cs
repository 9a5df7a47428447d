using Amazon.DynamoDBv2;
using CryptoTracker.Core;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using CryptoTracker.DynamoDb;
using CryptoTracker.Sqlite;

namespace CryptoTracker.Stores.Tests;

/// <summary>A real store with faults injected on demand: commits that fail before writing, and commits whose write lands but whose acknowledgement is lost.</summary>
internal sealed class FaultyStore(IMetricStore inner) : IMetricStore
{
    public int FailNextCommits { get; set; }
    public int LoseNextAcknowledgements { get; set; }
    public int Attempts { get; private set; }

    public async Task CommitAsync(TickCommit commit, CancellationToken ct)
    {
        Attempts++;
        if (FailNextCommits > 0)
        {
            FailNextCommits--;
            throw new IOException("injected: write refused (disk full / throttled)");
        }
        await inner.CommitAsync(commit, ct);
        if (LoseNextAcknowledgements > 0)
        {
            LoseNextAcknowledgements--;
            throw new TimeoutException("injected: written, but the acknowledgement was lost");
        }
    }

    public Task InitializeAsync(CancellationToken ct) => inner.InitializeAsync(ct);
    public Task<StoredState> LoadAsync(DateTimeOffset p, DateTimeOffset a, CancellationToken ct) => inner.LoadAsync(p, a, ct);
    public Task<IReadOnlyList<MetricSummary>> GetSummariesAsync(CancellationToken ct) => inner.GetSummariesAsync(ct);
    public Task<IReadOnlyList<Point>> GetHistoryAsync(MetricId m, DateTimeOffset a, DateTimeOffset u, CancellationToken ct) => inner.GetHistoryAsync(m, a, u, ct);
    public Task<IReadOnlyList<Alert>> GetAlertsAsync(DateTimeOffset a, CancellationToken ct) => inner.GetAlertsAsync(a, ct);
    public Task<CollectorStatus?> GetStatusAsync(CancellationToken ct) => inner.GetStatusAsync(ct);
    public Task<IReadOnlyList<Alert>> GetUndeliveredAlertsAsync(string c, DateTimeOffset a, CancellationToken ct) => inner.GetUndeliveredAlertsAsync(c, a, ct);
    public Task MarkDeliveredAsync(string c, IReadOnlyList<string> ids, DateTimeOffset at, CancellationToken ct) => inner.MarkDeliveredAsync(c, ids, at, ct);
}

/// <summary>
/// Store faults during live ticks: refused writes for twenty minutes, a lost acknowledgement, brief throttling. Afterwards
/// the store holds exactly what a run without faults holds — no point lost, none duplicated, the same alerts and exact
/// aggregates — and while it failed, the collector said so.
/// </summary>
[Collection(DynaliteCollection.Name)]
public sealed class CollectorStoreFaultTests(DynaliteFixture dynalite) : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"ct-faults-{Guid.NewGuid():N}");
    private readonly IAmazonDynamoDB _client = dynalite.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static MinuteQuotes Minute(int i) => new(T0.AddMinutes(i),
    [
        new(new MetricId("price", "aaausd"), 100 + 5 * Math.Sin(i / 30.0)),
        new(new MetricId("volume", "aaausd"), 10 + i % 7 + (i % 173 == 90 ? 500 : 0)),
        new(new MetricId("price", "bbbusd"), 2 + 0.01 * (i % 11)),
    ]);

    private IMetricStore NewStore(string kind) => kind == "sqlite"
        ? new SqliteMetricStore(Path.Combine(_dir, $"{Guid.NewGuid():N}.db"))
        : new DynamoDbMetricStore(_client, dynalite.Options());

    private static Collector NewCollector(IMetricStore store, ReplayClock clock) =>
        new(new TrackedMetrics(new RuleBook([AlertRule.Spike()])), store, clock,
            new CollectorOptions { CommitAttempts = 3, CommitRetryDelay = TimeSpan.FromMilliseconds(1) }, "kraken");

    [Theory]
    [InlineData("sqlite")]
    [InlineData("dynamodb")]
    public async Task Faults_DuringTicks_LoseAndDuplicateNothing(string kind)
    {
        const int minutes = 600;
        var clean = NewStore(kind);
        var inner = NewStore(kind);
        var faulty = new FaultyStore(inner);
        await clean.InitializeAsync(Ct);
        await inner.InitializeAsync(Ct);
        var cleanClock = new ReplayClock(T0);
        var faultyClock = new ReplayClock(T0);
        var cleanCollector = NewCollector(clean, cleanClock);
        var faultyCollector = NewCollector(faulty, faultyClock);

        for (var i = 0; i < minutes; i++)
        {
            if (i == 100) faulty.FailNextCommits = 3 * 20;           // twenty ticks in a row cannot write at all
            if (i == 300) faulty.LoseNextAcknowledgements = 1;       // written, then reported failed: retried on top
            if (i == 400) faulty.FailNextCommits = 2;                // throttled twice, the third attempt in the tick succeeds

            foreach (var (collector, clock) in new[] { (cleanCollector, cleanClock), (faultyCollector, faultyClock) })
            {
                clock.Set(T0.AddMinutes(i).AddSeconds(2));
                collector.RecordSourceSuccess();
                var report = await collector.IngestAsync([Minute(i)], Ct);
                if (collector == cleanCollector || i is < 100 or >= 120) Assert.True(report.Committed, $"minute {i}: {report.StoreError}");
            }

            if (i is >= 100 and < 120)
            {
                var health = faultyCollector.Health;
                Assert.Contains("injected: write refused", health.StoreError);
                Assert.Equal(3 * (i - 99), health.PendingPoints); // every minute since the failure began is kept
            }
        }
        Assert.Null(faultyCollector.Health.StoreError);
        Assert.Equal(0, faultyCollector.Health.PendingPoints);

        var now = T0.AddMinutes(minutes - 1).AddSeconds(2);
        var summaries = await clean.GetSummariesAsync(Ct);
        Assert.Equal(3, summaries.Count);
        Assert.Equal(summaries, await inner.GetSummariesAsync(Ct));
        foreach (var s in summaries)
        {
            var expected = await clean.GetHistoryAsync(s.Id, now - TrackedMetrics.WindowLength, now, Ct);
            Assert.Equal(minutes, expected.Count);
            Assert.Equal(expected, await inner.GetHistoryAsync(s.Id, now - TrackedMetrics.WindowLength, now, Ct));
        }
        var alerts = await clean.GetAlertsAsync(now.AddDays(-7), Ct);
        Assert.NotEmpty(alerts); // the volume spikes at minutes 90, 263 and 436 (one inside each fault window's reach)
        Assert.Equal(alerts, await inner.GetAlertsAsync(now.AddDays(-7), Ct));
        Assert.Equal((await clean.GetStatusAsync(Ct))!.LastTick, (await inner.GetStatusAsync(Ct))!.LastTick);
    }
}
