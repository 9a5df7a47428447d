using CryptoTracker.Core.Ports;
using CryptoTracker.Core.Resilience;

namespace CryptoTracker.Core.Alerts;

/// <summary>
/// Delivers the alert outbox to one channel (SNS, or one receiver). The collector stores alerts first; after each tick's commit
/// this reads the alerts the channel is not done with, sends those its filter wants oldest first, and marks each one as soon
/// as the channel accepted it. A retryable failure (timeout, refused connection, throttling, 5xx) leaves the alert and those
/// after it for a later run, with back-off on the clock; a refusal retrying cannot fix (a 4xx other than 408/429) marks the
/// alert done for this channel and is reported. Marked alerts are never read again and runs never overlap, so nothing is
/// sent twice (short of a crash between the channel's answer and the mark).
/// </summary>
public sealed class AlertDispatcher(
    IMetricStore store, IAlertPublisher publisher, TimeProvider clock, TimeSpan retention, AlertDispatcherOptions options,
    string channel = AlertChannels.Sns, AlertFilter? filter = null)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly AlertFilter _filter = filter ?? AlertFilter.All;

    // Accepted by the channel but not yet marked (the store failed): marked before anything else is sent, never re-sent.
    private readonly HashSet<string> _acceptedUnmarked = [];
    private volatile PublisherHealth _health = new(null, null, null, null, 0, 0, 0);

    // When this channel started in this process: the clock at construction (a replay's first minute).
    private readonly DateTimeOffset _startedAt = clock.GetUtcNow();
    private DateTimeOffset _retryAt = DateTimeOffset.MinValue;
    private readonly RetryPolicy _betweenRuns = new(int.MaxValue, options.Backoff);

    public string Channel { get; } = channel;

    public PublisherHealth Health => _health;

    public Task<DispatchReport> DispatchAsync(CancellationToken ct) => DispatchAsync(ignoreBackoff: false, ct);

    public async Task<DispatchReport> DispatchAsync(bool ignoreBackoff, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            // The backlog a channel finds when it starts (the process starts, or the receiver was just added) is sent only as
            // far back as MaxAge; everything raised since is sent, however late a failing channel comes back (until Retention),
            // a replay batch's alerts included whatever the replay clock says.
            var after = Max(now - retention, _startedAt - options.MaxAge);
            if (!ignoreBackoff && now < _retryAt) return new DispatchReport(0, 0, _health.Pending);
            return await RunAsync(now, after, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<DispatchReport> RunAsync(DateTimeOffset now, DateTimeOffset after, CancellationToken ct)
    {
        List<Alert> outbox;
        try
        {
            if (_acceptedUnmarked.Count > 0)
            {
                await store.MarkDeliveredAsync(Channel, [.. _acceptedUnmarked], now, ct);
                _acceptedUnmarked.Clear();
            }
            outbox = (await store.GetUndeliveredAlertsAsync(Channel, after, ct)).Where(_filter.Matches).ToList();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Fail(now, $"store: {ex.GetType().Name}: {ex.Message}", _health.Pending, backOff: true);
            return new DispatchReport(0, 0, _health.Pending);
        }

        int published = 0, failed = 0, refused = 0;
        string? error = null;
        var retryableFailure = false;
        for (var i = 0; i < outbox.Count; i++)
        {
            var alert = outbox[i];
            var (accepted, failure, retryable) = await PublishWithRetriesAsync(alert, ct);
            if (!accepted)
            {
                failed++;
                if (retryable)
                {
                    // The channel is down or throttling: stop here and leave the rest, in order, for a later run.
                    error = $"{alert.Id}: {failure}";
                    retryableFailure = true;
                    break;
                }
                // Refused for good: reported, and never offered to this channel again; it must not hold back the others.
                error = $"{alert.Id} refused: {failure}";
                refused++;
            }
            else published++;
            try
            {
                await store.MarkDeliveredAsync(Channel, [alert.Id], clock.GetUtcNow(), ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                _acceptedUnmarked.Add(alert.Id);
                error = $"store: {ex.GetType().Name}: {ex.Message}";
                retryableFailure = true;
                break;
            }
        }

        var pending = outbox.Count - published - refused;
        var h = _health;
        if (error is null)
        {
            _health = new PublisherHealth(now, now, h.LastError, h.LastErrorAt, 0, pending, h.Published + published);
            _retryAt = DateTimeOffset.MinValue;
        }
        else
        {
            _health = h with { Published = h.Published + published, LastSuccess = published > 0 ? now : h.LastSuccess };
            Fail(now, error, pending, retryableFailure);
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
            // An adapter bug or an unexpected transport fault: keep the alert, try again next run. Only the type is
            // reported: a message may carry an address or a token.
            return (false, ex.GetType().Name, true);
        }
    }

    private void Fail(DateTimeOffset now, string error, int pending, bool backOff)
    {
        var h = _health;
        var failures = h.ConsecutiveFailures + 1;
        _health = h with { LastRun = now, LastError = error, LastErrorAt = now, ConsecutiveFailures = failures, Pending = pending };
        if (!backOff) return;
        // First failure: try again at the next run. Then Backoff, doubled per failed run, up to MaxBackoff.
        _retryAt = now + _betweenRuns.DelayAfter(failures - 1, options.MaxBackoff);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
