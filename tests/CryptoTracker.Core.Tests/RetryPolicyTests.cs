using CryptoTracker.Core.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace CryptoTracker.Core.Tests;

public sealed class RetryPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void DelayAfter_WithACap_StopsAtIt_AndNeverOverflows()
    {
        // 1 h, 2 h, 4 h, then 8 h is over the 6 h cap; attempt 1000 would be 2^999 h.
        var policy = new RetryPolicy(int.MaxValue, TimeSpan.FromHours(1));
        var cap = TimeSpan.FromHours(6);

        Assert.Equal([TimeSpan.Zero, TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(4), cap, cap],
            [policy.DelayAfter(0, cap), policy.DelayAfter(1, cap), policy.DelayAfter(2, cap), policy.DelayAfter(3, cap), policy.DelayAfter(4, cap), policy.DelayAfter(1000, cap)]);
        Assert.Equal(TimeSpan.MaxValue, policy.DelayAfter(1000));
    }

    [Fact]
    public void DelayAfter_DoublesFromTheFirstDelay_AndAtLeastOneAttemptIsMade()
    {
        var policy = new RetryPolicy(0, TimeSpan.FromSeconds(2));

        Assert.Equal(1, policy.MaxAttempts);
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)], [policy.DelayAfter(1), policy.DelayAfter(2), policy.DelayAfter(3)]);
    }

    [Fact]
    public async Task Execute_WaitsOnTheInjectedClock_OneHourThenTwo()
    {
        // Hour-long delays: on the real clock this test could not finish; only the fake clock moves it on.
        var clock = new FakeClock(T0);
        var at = new List<DateTimeOffset>();
        var notices = new List<RetryNotice>();
        var run = new RetryPolicy(3, TimeSpan.FromHours(1)).ExecuteAsync((attempt, _) =>
        {
            lock (at) at.Add(clock.GetUtcNow());
            return attempt < 3 ? throw new IOException($"try {attempt}") : Task.FromResult(attempt);
        }, clock, TestContext.Current.CancellationToken, onRetry: notices.Add);

        await clock.WaitForTimerAsync();
        clock.Advance(TimeSpan.FromHours(1));
        await clock.WaitForTimerAsync();
        clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromMinutes(1));
        Assert.False(run.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(3, await run.WaitAsync(Patience, TestContext.Current.CancellationToken));
        Assert.Equal([T0, T0.AddHours(1), T0.AddHours(3)], at);
        Assert.Equal([(1, TimeSpan.FromHours(1), "try 1"), (2, TimeSpan.FromHours(2), "try 2")], notices.Select(n => (n.Attempt, n.Delay, n.Error.Message)));
    }

    [Fact]
    public async Task Execute_DoesNotRetryWhatIsNotRetryable_AndRethrowsTheLastFailure()
    {
        var clock = new FakeTimeProvider(T0);
        var calls = 0;
        var policy = new RetryPolicy(5, TimeSpan.Zero);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => policy.ExecuteAsync<int>((_, _) =>
        {
            calls++;
            throw new InvalidOperationException("refused for good");
        }, clock, TestContext.Current.CancellationToken, retryable: ex => ex is IOException));
        Assert.Equal(1, calls);

        calls = 0;
        var exhausted = await Assert.ThrowsAsync<IOException>(() => policy.ExecuteAsync<int>((attempt, _) =>
        {
            calls++;
            throw new IOException($"try {attempt}");
        }, clock, TestContext.Current.CancellationToken));
        Assert.Equal(5, calls);
        Assert.Equal("try 5", exhausted.Message);
        Assert.Equal("refused for good", refused.Message);
    }

    [Fact]
    public async Task Execute_DoesNotRetryACancelledCall()
    {
        using var cts = new CancellationTokenSource();
        var calls = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new RetryPolicy(3, TimeSpan.Zero).ExecuteAsync<int>((_, ct) =>
        {
            calls++;
            cts.Cancel();
            ct.ThrowIfCancellationRequested();
            return Task.FromResult(0);
        }, new FakeTimeProvider(T0), cts.Token));

        Assert.Equal(1, calls);
    }
}
