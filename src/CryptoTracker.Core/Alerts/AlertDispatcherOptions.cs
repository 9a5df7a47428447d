namespace CryptoTracker.Core.Alerts;

public sealed class AlertDispatcherOptions
{
    /// <summary>Attempts per alert within one run when the channel reports a retryable failure (throttling, 5xx, timeout).</summary>
    public int Attempts { get; set; } = 3;

    /// <summary>First back-off between attempts; doubled each time.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Alerts already older than this when the channel starts (the process starts, a receiver is added) are never sent to
    /// it: switching a channel on never floods it with last week's history.
    /// </summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// After a run that failed, the channel waits before its next run: nothing after the first failure (the next tick),
    /// then <see cref="Backoff"/>, doubled per failed run up to <see cref="MaxBackoff"/>.
    /// </summary>
    public TimeSpan Backoff { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(15);

    public AlertDispatcherOptions With(TimeSpan? maxAge) => maxAge is { } age
        ? new AlertDispatcherOptions { Attempts = Attempts, RetryDelay = RetryDelay, MaxAge = age, Backoff = Backoff, MaxBackoff = MaxBackoff }
        : this;
}
