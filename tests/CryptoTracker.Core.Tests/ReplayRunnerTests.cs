using System.Runtime.CompilerServices;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace CryptoTracker.Core.Tests;

/// <summary>Replay pacing on a fake real-time clock: Speed=k spreads minutes 60/k s apart; Speed=max batches them.</summary>
public sealed class ReplayRunnerTests
{
    private static readonly DateTimeOffset M0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private sealed class Observer : IReplayObserver
    {
        public List<TickReport> Batches { get; } = [];
        public void Ingested(TickReport report)
        {
            lock (Batches) Batches.Add(report);
        }

        public void Dispatched(DispatchReport report) { }

        public void Progress(long minutes, long points, TimeSpan elapsed, DateTimeOffset replayedNow) { }
    }

    private static async IAsyncEnumerable<MinuteQuotes> Minutes(int count, [EnumeratorCancellation] CancellationToken ct = default)
    {
        for (var m = 0; m < count; m++)
        {
            await Task.Yield();
            yield return new MinuteQuotes(M0.AddMinutes(m), [new Quote(new MetricId("price", "aaa"), 10 + m)]);
        }
    }

    private static (ReplayRunner Runner, Collector Collector, ReplayClock Replayed, MemoryMetricStore Store) Build(FakeTimeProvider real)
    {
        var replayed = new ReplayClock(M0);
        var store = new MemoryMetricStore();
        var collector = new Collector(new TrackedMetrics(new RuleBook([AlertRule.Spike()])), store, replayed, new CollectorOptions(), "replay");
        return (new ReplayRunner(collector, replayed, real), collector, replayed, store);
    }

    [Fact]
    public async Task AtSpeed60_EachMinuteOfDataTakesOneSecond_AndTheAppClockFollowsTheData()
    {
        var real = new FakeClock(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var (runner, collector, replayed, store) = Build(real);
        var observer = new Observer();

        var run = runner.RunAsync(Minutes(3), 60, observer, TestContext.Current.CancellationToken);
        await real.WaitForTimerAsync(); // the first minute is in; waiting before the second
        Assert.Equal(M0, replayed.GetUtcNow());
        real.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Single(store.Points);
        real.Advance(TimeSpan.FromMilliseconds(1));
        await real.WaitForTimerAsync();
        Assert.Equal(2, store.Points.Count);
        real.Advance(TimeSpan.FromSeconds(1));
        var report = await run.WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.Null(report.Error);
        Assert.Equal((3L, 3L), (report.Minutes, report.Points));
        Assert.Equal(TimeSpan.FromSeconds(2), report.Elapsed); // three minutes: two gaps of one second each
        Assert.Equal(M0.AddMinutes(2), replayed.GetUtcNow());
        Assert.Equal(3, observer.Batches.Count);
        Assert.True(collector.Health.Status.ReplayFinished);
    }

    [Fact]
    public async Task AtSpeedMax_MinutesGoInBatchesWithoutWaiting()
    {
        var real = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var (runner, collector, replayed, store) = Build(real);
        var observer = new Observer();

        var report = await runner.RunAsync(Minutes(ReplayRunner.MaxBatchMinutes + 10), null, observer, TestContext.Current.CancellationToken)
            .WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.Equal(TimeSpan.Zero, report.Elapsed);
        Assert.Equal([ReplayRunner.MaxBatchMinutes, 10], observer.Batches.Select(b => b.Points)); // one commit per batch
        Assert.Equal(ReplayRunner.MaxBatchMinutes + 10, store.Points.Count);
        Assert.Equal(M0.AddMinutes(ReplayRunner.MaxBatchMinutes + 9), replayed.GetUtcNow());
        Assert.True(collector.Health.Status.ReplayFinished);
    }

    [Fact]
    public async Task AReadError_StopsTheReplay_KeepsWhatWasRead_AndIsTheSourcesFailure()
    {
        static async IAsyncEnumerable<MinuteQuotes> Broken()
        {
            await foreach (var m in Minutes(2)) yield return m;
            throw new FormatException("line 4: 'abc' is not a price");
        }
        var (runner, collector, _, store) = Build(new FakeTimeProvider());

        var report = await runner.RunAsync(Broken(), null, new Observer(), TestContext.Current.CancellationToken);

        Assert.Equal("line 4: 'abc' is not a price", report.Error);
        Assert.Equal(2, store.Points.Count);
        Assert.Equal("line 4: 'abc' is not a price", collector.Health.Status.Source.LastError);
        Assert.False(collector.Health.Status.ReplayFinished);
    }
}
