using Microsoft.Extensions.Time.Testing;

namespace CryptoTracker.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also tells when the code under test starts waiting on it (creates a timer, as
/// <c>Task.Delay(delay, clock)</c> does), so a test advances time only once the wait exists: no race, no real sleep.
/// </summary>
public sealed class FakeClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly SemaphoreSlim _timers = new(0);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Release();
        return timer;
    }

    /// <summary>Waits (up to 30 s of real time) until one more timer has been created on this clock.</summary>
    public async Task WaitForTimerAsync(TimeSpan? patience = null)
    {
        if (!await _timers.WaitAsync(patience ?? TimeSpan.FromSeconds(30)))
            throw new TimeoutException("The code under test never started waiting on the fake clock.");
    }
}
