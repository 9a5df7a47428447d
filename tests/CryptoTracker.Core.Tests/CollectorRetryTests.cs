using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace CryptoTracker.Core.Tests;

public sealed class CollectorRetryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AFailedCommit_IsRetriedAfterTheBackoffOnTheInjectedClock()
    {
        var clock = new FakeClock(T0);
        var store = new MemoryMetricStore { FailCommits = 1 };
        var collector = new Collector(new TrackedMetrics(new RuleBook([AlertRule.Spike()])), store, clock,
            new CollectorOptions { CommitAttempts = 2, CommitRetryDelay = TimeSpan.FromHours(1) }, "demo");

        var ingest = collector.IngestAsync([new MinuteQuotes(T0, [new Quote(new MetricId("price", "aaa"), 1)])], TestContext.Current.CancellationToken);
        await clock.WaitForTimerAsync();
        Assert.Equal(1, store.Commits);
        Assert.False(ingest.IsCompleted);
        clock.Advance(TimeSpan.FromHours(1));
        var report = await ingest.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.True(report.Committed);
        Assert.Equal(2, store.Commits);
        Assert.Single(store.Points);
    }

    [Fact]
    public async Task ZeroCommitAttempts_StillCommitsOnce_AndKeepsThePointsPending()
    {
        var store = new MemoryMetricStore { FailCommits = 1 };
        var collector = new Collector(new TrackedMetrics(new RuleBook([AlertRule.Spike()])), store, new FakeTimeProvider(T0),
            new CollectorOptions { CommitAttempts = 0 }, "demo");

        var report = await collector.IngestAsync([new MinuteQuotes(T0, [new Quote(new MetricId("price", "aaa"), 1)])], TestContext.Current.CancellationToken);

        Assert.False(report.Committed);
        Assert.Equal(1, store.Commits);
        Assert.Equal(1, collector.Health.PendingPoints);
    }
}
