namespace CryptoTracker.Core.Resilience;

/// <summary>
/// The one retry policy of the tracker: up to <see cref="Attempts"/> tries, waiting <see cref="FirstDelay"/> after the
/// first failure and twice as long after each further one, on an injected <see cref="TimeProvider"/> (so a test's fake
/// clock decides when the next try happens). A cancelled call is never retried.
/// </summary>
public sealed record RetryPolicy(int Attempts, TimeSpan FirstDelay)
{
    /// <summary>At least one try, whatever was configured.</summary>
    public int MaxAttempts => Math.Max(1, Attempts);

    /// <summary>The wait after failed try number <paramref name="attempt"/> (1-based): FirstDelay × 2^(attempt−1).</summary>
    public TimeSpan DelayAfter(int attempt) => DelayAfter(attempt, TimeSpan.MaxValue);

    /// <summary>FirstDelay × 2^(attempt−1), at most <paramref name="max"/> (never overflowing, however many attempts).</summary>
    public TimeSpan DelayAfter(int attempt, TimeSpan max)
    {
        if (attempt < 1 || FirstDelay <= TimeSpan.Zero) return TimeSpan.Zero;
        var ticks = FirstDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 62));
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>
    /// Runs <paramref name="action"/> (given the 1-based attempt) until it succeeds, the failure is not
    /// <paramref name="retryable"/>, or the attempts are used up; then the last exception propagates.
    /// <paramref name="onRetry"/> hears of every failure that is followed by another try, before the wait.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(Func<int, CancellationToken, Task<T>> action, TimeProvider clock, CancellationToken ct,
        Func<Exception, bool>? retryable = null, Action<RetryNotice>? onRetry = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action(attempt, ct);
            }
            catch (Exception ex) when (attempt < MaxAttempts && !(ex is OperationCanceledException && ct.IsCancellationRequested)
                                       && (retryable?.Invoke(ex) ?? true))
            {
                var delay = DelayAfter(attempt);
                onRetry?.Invoke(new RetryNotice(attempt, MaxAttempts, delay, ex));
                if (delay > TimeSpan.Zero) await Task.Delay(delay, clock, ct);
            }
        }
    }

    public async Task ExecuteAsync(Func<int, CancellationToken, Task> action, TimeProvider clock, CancellationToken ct,
        Func<Exception, bool>? retryable = null, Action<RetryNotice>? onRetry = null) =>
        await ExecuteAsync(async (attempt, c) => { await action(attempt, c); return true; }, clock, ct, retryable, onRetry);
}
