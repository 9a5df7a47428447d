namespace CryptoTracker.Core.Collecting;

/// <summary>The clock of a replay: it reads the time of the row being replayed and stays at the last one when the file ends.</summary>
public sealed class ReplayClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref _ticks, now.UtcTicks);
}
