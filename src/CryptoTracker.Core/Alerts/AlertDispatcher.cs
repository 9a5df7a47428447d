using CryptoTracker.Core.Ports;
using CryptoTracker.Core.Resilience;

namespace CryptoTracker.Core.Alerts;

public sealed class AlertDispatcherOptions
{
    /// <summary>Attempts per alert within one run when the channel reports a retryable failure (throttling, 5xx, timeout).</summary>
    public int Attempts { get; set; } = 3;

    /// <summary>First back-off between attempts; doubled each time.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);
}

/// <summary>How publishing went, for health: the last run, the last failure and what is still waiting.</summary>
public sealed record PublisherHealth(
    DateTimeOffset? LastRun,
    DateTimeOffset? LastSuccess,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    int ConsecutiveFailures,
    int Pending,
    long Published);

/// <summary>What one run did. <see cref="Drained"/>: nothing is left unpublished.</summary>
public sealed record DispatchReport(int Published, int Failed, int Pending)
{
    public bool Drained => Pending == 0;
}

/// <summary>
/// Publishes the alert outbox. The collector stores alerts first; after each tick's commit this reads the alerts no publisher
/// confirmed yet, publishes them oldest first and marks each one as soon as the channel accepted it. A failure leaves the
/// alert unpublished for the next run, so nothing is lost; a marked alert is never read again, and runs never overlap, so
/// nothing is published twice (short of a crash between the channel's answer and the mark).
/// </summary>
public sealed class AlertDispatcher(IMetricStore store, IAlertPublisher publisher, TimeProvider clock, SpikeRuleOptions rule, AlertDispatcherOptions options)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Accepted by the channel but not yet marked (the store failed): marked before anything else is published, never re-sent.
    private readonly HashSet<string> _acceptedUnmarked = [];
    private volatile PublisherHealth _health = new(null, null, null, null, 0, 0, 0);

    public PublisherHealth Health => _health;

    public async Task<DispatchReport> DispatchAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return await RunAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<DispatchReport> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        IReadOnlyList<Alert> outbox;
        try
        {
            if (_acceptedUnmarked.Count > 0)
            {
                await store.MarkPublishedAsync([.. _acceptedUnmarked], now, ct);
                _acceptedUnmarked.Clear();
            }
            outbox = await store.GetUnpublishedAlertsAsync(now - rule.Retention, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Fail(now, $"store: {ex.GetType().Name}: {ex.Message}", _health.Pending);
            return new DispatchReport(0, 0, _health.Pending);
        }

        int published = 0, failed = 0;
        string? error = null;
        for (var i = 0; i < outbox.Count; i++)
        {
            var alert = outbox[i];
            var (accepted, failure, retryable) = await PublishWithRetriesAsync(alert, ct);
            if (!accepted)
            {
                failed++;
                error = $"{alert.Id}: {failure}";
                // The channel is down or throttling: stop here and leave the rest, in order, for the next run. A refusal
                // that retrying cannot fix (e.g. a rejected message) must not hold back the alerts after it.
                if (retryable) break;
                continue;
            }
            published++;
            try
            {
                await store.MarkPublishedAsync([alert.Id], clock.GetUtcNow(), ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                _acceptedUnmarked.Add(alert.Id);
                error = $"store: {ex.GetType().Name}: {ex.Message}";
                break;
            }
        }

        var pending = outbox.Count - published;
        var h = _health;
        if (error is null)
            _health = new PublisherHealth(now, now, h.LastError, h.LastErrorAt, 0, pending, h.Published + published);
        else
        {
            _health = h with { Published = h.Published + published };
            Fail(now, error, pending);
        }
        return new DispatchReport(published, failed, pending);
    }

    private async Task<(bool Accepted, string? Error, bool Retryable)> PublishWithRetriesAsync(Alert alert, CancellationToken ct)
    {
        try
        {
            // Only what the channel calls retryable (throttling, 5xx, timeout) is tried again within the run.
            await new RetryPolicy(options.Attempts, options.RetryDelay).ExecuteAsync((_, c) => publisher.PublishAsync(alert, c), clock, ct,
                retryable: ex => ex is NotificationException { Retryable: true });
            return (true, null, false);
        }
        catch (NotificationException ex)
        {
            return (false, $"{ex.Code}: {ex.Message}", ex.Retryable);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // An adapter bug or an unexpected transport fault: keep the alert, try again next run.
            return (false, $"{ex.GetType().Name}: {ex.Message}", true);
        }
    }

    private void Fail(DateTimeOffset now, string error, int pending)
    {
        var h = _health;
        _health = h with { LastRun = now, LastError = error, LastErrorAt = now, ConsecutiveFailures = h.ConsecutiveFailures + 1, Pending = pending };
    }
}
