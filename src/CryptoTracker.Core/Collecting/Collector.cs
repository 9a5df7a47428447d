using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using CryptoTracker.Core.Resilience;

namespace CryptoTracker.Core.Collecting;

/// <summary>
/// The collector tick: minutes of quotes in, points, alerts and materialised summaries out to the store. Live sources and
/// the replay both come through <see cref="IngestAsync"/>. A failed commit loses nothing: what was not stored is kept and
/// committed with the next tick (writes are idempotent, so a retried commit cannot duplicate).
/// </summary>
public sealed class Collector
{
    private readonly TrackedMetrics _market;
    private readonly IMetricStore _store;
    private readonly TimeProvider _clock;
    private readonly CollectorOptions _options;
    private readonly TimeSpan _alertRetention;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<(MetricId, Point)> _pendingPoints = [];
    private readonly List<Alert> _pendingAlerts = [];
    private bool _loaded;
    private volatile CollectorHealth _health;
    private long _version;

    public Collector(TrackedMetrics market, IMetricStore store, TimeProvider clock, CollectorOptions options, string sourceName, TimeSpan? alertRetention = null)
    {
        _market = market;
        _store = store;
        _clock = clock;
        _options = options;
        _alertRetention = alertRetention ?? Alert.DefaultRetention;
        _health = new CollectorHealth(
            new CollectorStatus(null, null, 0, new SourceStatus(sourceName, null, null, null, 0, 0), null), null, null, 0, 0);
    }

    public CollectorHealth Health => _health;

    /// <summary>Increases after every successful commit: readers use it to refresh what they cached.</summary>
    public long Version => Interlocked.Read(ref _version);

    public async Task<TickReport> IngestAsync(IReadOnlyList<MinuteQuotes> minutes, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await EnsureLoadedAsync(ct);
            int points = 0, rejected = 0, duplicates = 0;
            var alerts = new List<Alert>();
            DateTimeOffset? lastMinute = null;
            foreach (var minute in minutes)
            {
                var outcome = _market.Ingest(minute);
                _pendingPoints.AddRange(outcome.Points);
                _pendingAlerts.AddRange(outcome.Alerts);
                alerts.AddRange(outcome.Alerts);
                points += outcome.Points.Count;
                rejected += outcome.Rejected;
                duplicates += outcome.Duplicates;
                lastMinute = Minutes.Truncate(minute.Minute);
            }

            var status = _health.Status;
            if (rejected > 0) status = status with { Source = status.Source with { RejectedValues = status.Source.RejectedValues + rejected } };
            if (lastMinute is { } m && (status.LastTick is null || m > status.LastTick)) status = status with { LastTick = m };
            var error = await CommitAsync(status, ct);
            return new TickReport(points, alerts, rejected, duplicates, error is null, error);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void RecordSourceSuccess()
    {
        var h = _health;
        _health = h with { Status = h.Status with { Source = h.Status.Source with { LastSuccess = _clock.GetUtcNow(), ConsecutiveFailures = 0 } } };
    }

    public void RecordSourceFailure(string error)
    {
        var h = _health;
        var source = h.Status.Source;
        _health = h with
        {
            Status = h.Status with
            {
                Source = source with { LastFailure = _clock.GetUtcNow(), LastError = error, ConsecutiveFailures = source.ConsecutiveFailures + 1 },
            },
        };
    }

    /// <summary>The replay consumed its file: commit (with whatever is still pending) so that the flag is stored with the last tick.</summary>
    public async Task<bool> CompleteReplayAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await EnsureLoadedAsync(ct);
            var status = _health.Status with { ReplayFinished = true };
            return await CommitAsync(status, ct) is null;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void MarkReplayMode()
    {
        var h = _health;
        _health = h with { Status = h.Status with { ReplayFinished = false } };
    }

    public async Task<bool> IsEmptyAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await EnsureLoadedAsync(ct);
            return _market.MetricCount == 0;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task EnsureLoadedAsync(CancellationToken ct)
    {
        if (_loaded) return;
        var now = _clock.GetUtcNow();
        var stored = await _store.LoadAsync(now - TrackedMetrics.WindowLength, now - _alertRetention, ct);
        _market.Restore(stored.Points, stored.Alerts);
        var previous = await _store.GetStatusAsync(ct);
        if (previous is not null)
        {
            var h = _health;
            _health = h with
            {
                Status = h.Status with
                {
                    LastTick = previous.LastTick,
                    LastCommit = previous.LastCommit,
                    Source = h.Status.Source with { RejectedValues = previous.Source.Name == h.Status.Source.Name ? previous.Source.RejectedValues : 0 },
                },
            };
        }
        _loaded = true;
    }

    /// <summary>Returns null on success, else the last error; pending writes stay pending.</summary>
    private async Task<string?> CommitAsync(CollectorStatus status, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var summaries = _market.Summarize(now);
        status = status with { Metrics = summaries.Count };
        var committed = status with { LastCommit = now };
        try
        {
            await new RetryPolicy(_options.CommitAttempts, _options.CommitRetryDelay).ExecuteAsync((_, c) => _store.CommitAsync(
                new TickCommit(_pendingPoints, _pendingAlerts, summaries, committed, now - TrackedMetrics.WindowLength, now - _alertRetention), c),
                _clock, ct);
            _pendingPoints.Clear();
            _pendingAlerts.Clear();
            _health = new CollectorHealth(committed, null, null, 0, 0);
            Interlocked.Increment(ref _version);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var error = $"{ex.GetType().Name}: {ex.Message}";
            _health = new CollectorHealth(status, error, now, _pendingPoints.Count, _pendingAlerts.Count);
            return error;
        }
    }
}
