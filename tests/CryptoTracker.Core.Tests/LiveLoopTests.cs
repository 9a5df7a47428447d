using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Resilience;

namespace CryptoTracker.Core.Tests;

public sealed class LiveLoopTests
{
    private sealed class Observer : ILiveLoopObserver
    {
        public List<LiveTickReport> Ticks { get; } = [];
        public void Backfilled(BackfillReport report) { }

        public void Ticked(LiveTickReport report)
        {
            lock (Ticks) Ticks.Add(report);
        }

        public void TickFailed(Exception error) => throw new InvalidOperationException("no tick should fail here", error);
    }

    [Theory]
    [InlineData("2026-01-05T10:00:30Z", 32)] // 30 s into the minute: next tick at 10:01:02
    [InlineData("2026-01-05T10:00:01Z", 61)] // before the offset of this minute: still the next minute's (10:01:02)
    [InlineData("2026-01-05T10:00:59.5Z", 2.5)]
    public void UntilNextTick_IsTheNextMinutePlusTheOffset(string now, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), LiveLoop.UntilNextTick(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromSeconds(2)));

    [Fact]
    public async Task Loop_TicksAtOnce_ThenEveryMinuteAtTheOffset_OnTheInjectedClock()
    {
        var t0 = new DateTimeOffset(2026, 1, 5, 10, 0, 30, TimeSpan.Zero);
        var clock = new FakeClock(t0);
        var source = new ScriptedSource("demo", ScriptedSource.Price("btcusd", 1));
        var collector = new Collector(new TrackedMetrics(new RuleBook([AlertRule.Spike()])), new MemoryMetricStore(), clock, new CollectorOptions(), "demo");
        var loop = new LiveLoop(new LiveTick(source, collector, clock, new RetryPolicy(1, TimeSpan.Zero)), clock, TimeSpan.FromSeconds(2), backfill: false);
        var observer = new Observer();
        using var stop = new CancellationTokenSource();
        var patience = TimeSpan.FromSeconds(30);

        var running = loop.RunAsync(observer, stop.Token);
        await clock.WaitForTimerAsync();                                        // ticked at once, now waiting
        clock.Advance(TimeSpan.FromSeconds(32) - TimeSpan.FromMilliseconds(1)); // 10:01:01.999
        Assert.Equal(1, source.Calls);
        clock.Advance(TimeSpan.FromMilliseconds(1));                            // 10:01:02
        await clock.WaitForTimerAsync();
        clock.Advance(TimeSpan.FromMinutes(1));                                 // 10:02:02
        await clock.WaitForTimerAsync();
        await stop.CancelAsync();
        await running.WaitAsync(patience, TestContext.Current.CancellationToken);

        Assert.Equal(["10:00:00", "10:01:00", "10:02:00"], observer.Ticks.Select(t => t.Minute.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
