using Microsoft.AspNetCore.Http;

namespace CryptoTracker.Testing;

/// <summary>
/// A route that never answers: it notes that the request arrived and holds it until the client gives up. A test then
/// moves the client's fake clock past its timeout once the request is known to be out, so no real time passes.
/// </summary>
public sealed class NoAnswer
{
    private readonly SemaphoreSlim _arrived = new(0);

    public async Task Handle(HttpContext context)
    {
        _arrived.Release();
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client cut the call: the behaviour under test.
        }
    }

    /// <summary>
    /// Waits for <paramref name="call"/>'s request to arrive here, moves <paramref name="clock"/> to one tick before
    /// <paramref name="timeout"/> (the call must still be waiting), then to it: the call must fail with a TimeoutException,
    /// which is returned for its message.
    /// </summary>
    public async Task<TimeoutException> TimesOutAsync(Task call, FakeClock clock, TimeSpan timeout)
    {
        await WaitForRequestAsync();
        clock.Advance(timeout - TimeSpan.FromTicks(1));
        Assert.False(call.IsCompleted, "the call ended before its timeout");
        clock.Advance(TimeSpan.FromTicks(1));
        return await Assert.ThrowsAsync<TimeoutException>(() => call);
    }

    /// <summary>Waits (up to 30 s of real time) for one more request to arrive.</summary>
    public async Task WaitForRequestAsync()
    {
        if (!await _arrived.WaitAsync(TimeSpan.FromSeconds(30))) throw new TimeoutException("No request reached the route that never answers.");
    }
}
