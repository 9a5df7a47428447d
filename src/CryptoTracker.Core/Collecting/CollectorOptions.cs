namespace CryptoTracker.Core.Collecting;

/// <summary>How the collector commits: attempts per tick and the first back-off (doubled each time, on the injected clock).</summary>
public sealed class CollectorOptions
{
    /// <summary>Attempts to commit a tick before it is kept for the next tick.</summary>
    public int CommitAttempts { get; set; } = 3;

    /// <summary>First back-off between commit attempts; doubled each time.</summary>
    public TimeSpan CommitRetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);
}
