using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Collecting;

/// <summary>
/// The in-process collector for live sources: backfill an empty store if the source can, tick now, then every minute at
/// <c>tickOffset</c> past it, on the injected clock. One bad tick never stops collection: its exception is reported and
/// the next minute comes as usual.
/// </summary>
public sealed class LiveLoop(LiveTick tick, TimeProvider clock, TimeSpan tickOffset, bool backfill)
{
    /// <summary>How long until the next tick: the next minute's start plus the offset.</summary>
    public static TimeSpan UntilNextTick(DateTimeOffset now, TimeSpan tickOffset) => Minutes.Truncate(now).AddMinutes(1) + tickOffset - now;

    public async Task RunAsync(ILiveLoopObserver observer, CancellationToken ct)
    {
        if (backfill && await tick.BackfillAsync(ct) is { } filled) observer.Backfilled(filled);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                observer.Ticked(await tick.RunAsync(ct));
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                observer.TickFailed(ex);
            }
            try
            {
                await Task.Delay(UntilNextTick(clock.GetUtcNow(), tickOffset), clock, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
