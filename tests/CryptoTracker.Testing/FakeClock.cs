using Microsoft.Extensions.Time.Testing;

namespace CryptoTracker.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also tells when the code under test starts waiting on it (creates a timer, as
/// <c>Task.Delay(delay, clock)</c> does), so a test advances time only once the wait exists: no race, no real sleep.
/// </summary>
public sealed class FakeClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly SemaphoreSlim _timers = new(0);
    private readonly SemaphoreSlim _created = new(0);
    private readonly List<TimeSpan> _dueTimes = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_dueTimes) _dueTimes.Add(dueTime);
        _timers.Release();
        _created.Release();
        return timer;
    }

    /// <summary>Waits (up to 30 s of real time) until one more timer has been created on this clock.</summary>
    public async Task WaitForTimerAsync(TimeSpan? patience = null)
    {
        if (!await _timers.WaitAsync(patience ?? TimeSpan.FromSeconds(30)))
            throw new TimeoutException("The code under test never started waiting on the fake clock.");
    }

    /// <summary>
    /// Waits (up to 30 s of real time) until the code under test starts a wait of exactly <paramref name="dueTime"/>
    /// (each such wait is matched once), ignoring other timers: e.g. a pacer's pause among the timeouts of HTTP calls.
    /// </summary>
    public async Task WaitForDelayAsync(TimeSpan dueTime, TimeSpan? patience = null)
    {
        using var limit = new CancellationTokenSource(patience ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            lock (_dueTimes)
            {
                if (_dueTimes.Remove(dueTime)) return;
            }
            try
            {
                await _created.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The code under test never started a wait of {dueTime} on the fake clock.");
            }
        }
    }
}
