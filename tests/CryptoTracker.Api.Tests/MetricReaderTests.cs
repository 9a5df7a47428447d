using CryptoTracker.Api.Configuration;
using CryptoTracker.Api.Reading;
using CryptoTracker.Core;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using CryptoTracker.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CryptoTracker.Api.Tests;

/// <summary>
/// The reader serves a burst of requests for the same snapshot with one store read, and measures cache age on the clock it
/// is given. Real SQLite store; the summaries read is held open by a gate so that the requests really overlap.
/// </summary>
public sealed class MetricReaderTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("reader-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(GatedStore Store, Collector Collector)> StoreWithOneTickAsync(FakeTimeProvider clock)
    {
        var sqlite = new SqliteMetricStore(Path.Combine(_dir, "tracker.db"));
        await sqlite.InitializeAsync(CancellationToken.None);
        var collector = new Collector(new TrackedMetrics(new RuleBook([AlertRule.Spike()])), sqlite, clock, new CollectorOptions(), "test");
        var report = await collector.IngestAsync([new MinuteQuotes(T0, [new Quote(new MetricId("price", "btcusd"), 100), new Quote(new MetricId("price", "ethusd"), 10)])], CancellationToken.None);
        Assert.True(report.Committed);
        return (new GatedStore(sqlite), collector);
    }

    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(TrackerRole.All)]
    [InlineData(TrackerRole.Api)]
    public async Task ConcurrentRequestsForANewSnapshot_ShareOneStoreRead(TrackerRole role)
    {
        var clock = new FakeTimeProvider(T0.AddSeconds(5));
        var (store, collector) = await StoreWithOneTickAsync(clock);
        var reader = new MetricReader(store, role == TrackerRole.Api ? null : collector, CacheFor, clock);

        store.Hold();
        var requests = Enumerable.Range(0, 20).Select(_ => reader.GetAsync(CancellationToken.None)).ToList();
        await store.FirstReadStarted.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.All(requests, r => Assert.False(r.IsCompleted));
        store.Release();
        var views = await Task.WhenAll(requests);

        Assert.Equal(1, store.SummaryReads);
        Assert.All(views, v => Assert.Same(views[0], v));
        Assert.Equal(["price:btcusd", "price:ethusd"], views[0].All.Select(s => s.Id.ToString()));
    }

    [Fact]
    public async Task AReadOnlyRole_ReusesItsSnapshotForCacheFor_OnTheGivenClock()
    {
        var clock = new FakeTimeProvider(T0.AddSeconds(5));
        var (store, collector) = await StoreWithOneTickAsync(clock);
        var reader = new MetricReader(store, null, CacheFor, clock);

        var first = await reader.GetAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Same(first, await reader.GetAsync(CancellationToken.None));
        Assert.Equal(1, store.SummaryReads);

        clock.Advance(TimeSpan.FromSeconds(0.2)); // 5.1 s after the read: older than CacheFor (5 s)
        Assert.NotSame(first, await reader.GetAsync(CancellationToken.None));
        Assert.Equal(2, store.SummaryReads);
    }

    [Fact]
    public async Task ACallerThatGivesUp_DoesNotCancelTheReadOthersWaitFor()
    {
        var clock = new FakeTimeProvider(T0.AddSeconds(5));
        var (store, collector) = await StoreWithOneTickAsync(clock);
        var reader = new MetricReader(store, null, CacheFor, clock);

        store.Hold();
        using var impatient = new CancellationTokenSource();
        var first = reader.GetAsync(impatient.Token);
        var second = reader.GetAsync(CancellationToken.None);
        await store.FirstReadStarted.WaitAsync(TimeSpan.FromSeconds(10));
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        store.Release();

        Assert.Equal(2, (await second).All.Count);
        Assert.Equal(1, store.SummaryReads);
    }

    /// <summary>A real store whose summaries read can be held until the test releases it.</summary>
    private sealed class GatedStore(IMetricStore inner) : IMetricStore
    {
        private TaskCompletionSource _gate = CompletedGate();
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _reads;

        public int SummaryReads => Volatile.Read(ref _reads);
        public Task FirstReadStarted => _started.Task;
        public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        public void Release() => _gate.TrySetResult();

        private static TaskCompletionSource CompletedGate()
        {
            var done = new TaskCompletionSource();
            done.SetResult();
            return done;
        }

        public async Task<IReadOnlyList<MetricSummary>> GetSummariesAsync(CancellationToken ct)
        {
            Interlocked.Increment(ref _reads);
            _started.TrySetResult();
            await _gate.Task.WaitAsync(ct);
            return await inner.GetSummariesAsync(ct);
        }

        public Task InitializeAsync(CancellationToken ct) => inner.InitializeAsync(ct);
        public Task<StoredState> LoadAsync(DateTimeOffset pointsAfter, DateTimeOffset alertsAfter, CancellationToken ct) => inner.LoadAsync(pointsAfter, alertsAfter, ct);
        public Task CommitAsync(TickCommit commit, CancellationToken ct) => inner.CommitAsync(commit, ct);
        public Task<IReadOnlyList<Point>> GetHistoryAsync(MetricId metric, DateTimeOffset after, DateTimeOffset upTo, CancellationToken ct) => inner.GetHistoryAsync(metric, after, upTo, ct);
        public Task<IReadOnlyList<Alert>> GetAlertsAsync(DateTimeOffset after, CancellationToken ct) => inner.GetAlertsAsync(after, ct);
        public Task<CollectorStatus?> GetStatusAsync(CancellationToken ct) => inner.GetStatusAsync(ct);
        public Task<IReadOnlyList<Alert>> GetUndeliveredAlertsAsync(string channel, DateTimeOffset after, CancellationToken ct) => inner.GetUndeliveredAlertsAsync(channel, after, ct);
        public Task MarkDeliveredAsync(string channel, IReadOnlyList<string> alertIds, DateTimeOffset at, CancellationToken ct) => inner.MarkDeliveredAsync(channel, alertIds, at, ct);
    }
}
