using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Health;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using CryptoTracker.Core.Resilience;

namespace CryptoTracker.Core.Tests;

/// <summary>The live tick on a fake clock: retries with back-off inside the minute, failure and recovery as health sees them.</summary>
public sealed class LiveTickTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 2, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(3);

    private sealed class Refused(string message) : Exception(message), IFinalSourceFailure
    {
        public bool IsFinal => true;
    }

    private readonly FakeClock _clock = new(T0);
    private readonly MemoryMetricStore _store = new();

    private (LiveTick Tick, Collector Collector) Build(IQuoteSource source, int attempts = 3)
    {
        var collector = new Collector(new TrackedMetrics(new RuleBook([AlertRule.Spike()])), _store, _clock,
            new CollectorOptions { CommitRetryDelay = TimeSpan.Zero }, source.Name);
        return (new LiveTick(source, collector, _clock, new RetryPolicy(attempts, TimeSpan.FromSeconds(2))), collector);
    }

    private HealthReport Health(Collector collector) =>
        HealthEvaluator.Evaluate(new HealthFacts(_clock.GetUtcNow(), collector.Health, null, null, null, StaleAfter, IsReplay: false));

    [Fact]
    public async Task FailedFetches_AreRetriedAfter2sThen4s_ThenTheQuotesAreStoredForTheMinute()
    {
        var source = new ScriptedSource("kraken",
            ScriptedSource.Fail(new TimeoutException("no answer")), ScriptedSource.Fail(new HttpRequestException("reset")), ScriptedSource.Price("btcusd", 64000.5));
        var (tick, collector) = Build(source);

        var run = tick.RunAsync(TestContext.Current.CancellationToken);
        await _clock.WaitForTimerAsync();
        _clock.Advance(TimeSpan.FromSeconds(2));
        await _clock.WaitForTimerAsync();
        _clock.Advance(TimeSpan.FromSeconds(4) - TimeSpan.FromMilliseconds(1));
        Assert.False(run.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var report = await run.WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.True(report.Succeeded);
        Assert.Equal(3, source.Calls);
        Assert.Equal([(1, 3, (TimeSpan?)TimeSpan.FromSeconds(2), "TimeoutException: no answer"), (2, 3, TimeSpan.FromSeconds(4), "HttpRequestException: reset")],
            report.Failures.Select(f => (f.Attempt, f.Attempts, f.RetryIn, f.Error)));
        // Stamped with the minute the tick started in, not the time the third attempt answered.
        Assert.Equal([(new MetricId("price", "btcusd"), new Point(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero), 64000.5))], _store.Points);
        Assert.Equal(0, collector.Health.Status.Source.ConsecutiveFailures);
        Assert.True(Health(collector).IsOk);
    }

    [Fact]
    public async Task EveryAttemptFailing_DegradesHealthWithTheReason_StillCommits_AndTheNextGoodTickRecovers()
    {
        var source = new ScriptedSource("kraken",
            ScriptedSource.Fail(new IOException("503")), ScriptedSource.Fail(new IOException("503")), ScriptedSource.Fail(new IOException("EService:Unavailable")),
            ScriptedSource.Price("btcusd", 1));
        var (tick, collector) = Build(source);

        var failing = tick.RunAsync(TestContext.Current.CancellationToken);
        for (var wait = 2; wait <= 4; wait *= 2)
        {
            await _clock.WaitForTimerAsync();
            _clock.Advance(TimeSpan.FromSeconds(wait));
        }
        var failed = await failing.WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.False(failed.Fetched);
        Assert.True(failed.Committed); // nothing to store, but the failure is recorded and pending work retried
        Assert.Null(failed.Failures[^1].RetryIn);
        Assert.Equal(3, failed.Failures.Count);
        var degraded = Health(collector);
        Assert.Equal("degraded", degraded.Status);
        // The first tick failed: nothing was ever collected, and the source is failing.
        Assert.Equal(["no data collected yet", "source kraken failing (1× in a row): IOException: EService:Unavailable"], degraded.Reasons);

        _clock.Advance(TimeSpan.FromMinutes(1));
        var recovered = await tick.RunAsync(TestContext.Current.CancellationToken);

        Assert.True(recovered.Succeeded);
        Assert.Empty(recovered.Failures);
        Assert.Equal("ok", Health(collector).Status);
    }

    [Fact]
    public async Task AFinalRefusal_IsNotRetried()
    {
        var source = new ScriptedSource("binance", ScriptedSource.Fail(new Refused("HTTP 451 geo-blocked")), ScriptedSource.Price("btcusdt", 1));
        var (tick, collector) = Build(source);

        var report = await tick.RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, source.Calls);
        var only = Assert.Single(report.Failures);
        Assert.Null(only.RetryIn);
        Assert.Equal(1, collector.Health.Status.Source.ConsecutiveFailures);
    }

    [Fact]
    public async Task AStoreFailure_IsTheStoresNotTheSources_AndTheExchangeIsNotCalledAgain()
    {
        var source = new ScriptedSource("kraken", ScriptedSource.Price("btcusd", 5));
        var (tick, collector) = Build(source, attempts: 3);
        _store.FailCommits = 3; // every commit attempt of this tick

        var report = await tick.RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, source.Calls);
        Assert.True(report.Fetched);
        Assert.False(report.Committed);
        Assert.Equal(0, collector.Health.Status.Source.ConsecutiveFailures);
        Assert.Equal(["store failing: IOException: disk unavailable (1 points waiting)"], Health(collector).Reasons);
    }

    [Fact]
    public void Health_ReportsAStaleCollector_ButNeverAReplayWhoseClockStandsStill()
    {
        var status = new CollectorStatus(T0, T0, 4, new SourceStatus("kraken", T0, null, null, 0, 0), null);
        var health = new CollectorHealth(status, null, null, 0, 0);
        HealthReport At(TimeSpan later, bool replay) =>
            HealthEvaluator.Evaluate(new HealthFacts(T0 + later, health, null, null, null, StaleAfter, replay));

        Assert.True(At(StaleAfter, replay: false).IsOk);
        Assert.Equal(["collector stale: last tick 2026-01-05 10:00:02Z, more than 3 min ago"], At(StaleAfter + TimeSpan.FromSeconds(1), replay: false).Reasons);
        Assert.True(At(TimeSpan.FromDays(2), replay: true).IsOk);
        Assert.Equal(["no data collected yet"], HealthEvaluator.Evaluate(new HealthFacts(T0,
            new CollectorHealth(status with { LastTick = null }, null, null, 0, 0), null, null, null, StaleAfter, false)).Reasons);
    }
}
