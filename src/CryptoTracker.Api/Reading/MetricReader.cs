using CryptoTracker.Api.Configuration;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Ports;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Reading;

/// <summary>
/// Serves reads from summaries the collector materialised. With the collector in this process the view is reloaded
/// exactly when a tick was committed; otherwise (the read-only Lambda role) it is reused for Tracker:Api:CacheFor.
/// Concurrent requests that need a new view share one store read (single flight): a burst after a tick, or after the
/// cache expired, costs one read, not one per request.
/// </summary>
/// <param name="collector">The collector of this process, where it collects (composition decides); else null.</param>
/// <param name="cacheFor">How long a view is reused without a collector (Tracker:Api:CacheFor).</param>
/// <param name="cacheClock">Measures cache age. Real time in the app (a replay's market clock may stand still or jump).</param>
public sealed class MetricReader(IMetricStore store, Collector? collector, TimeSpan cacheFor, TimeProvider cacheClock)
{
    private readonly Collector? _collector = collector;
    private readonly TimeSpan _cacheFor = cacheFor;
    private readonly Lock _lock = new();
    private volatile MarketView? _view;
    private (Task<MarketView> Task, long Version)? _loading;

    public Task<MarketView> GetAsync(CancellationToken ct)
    {
        var view = _view;
        var version = _collector?.Version ?? 0;
        if (view is not null && IsFresh(view, version)) return Task.FromResult(view);

        Task<MarketView> load;
        lock (_lock)
        {
            view = _view;
            if (view is not null && IsFresh(view, version)) return Task.FromResult(view);
            // A load already under way serves this request too, if it reads at least the version this request needs.
            if (_loading is { } running && running.Version >= version && !running.Task.IsCompleted) load = running.Task;
            else
            {
                load = LoadAsync(version);
                _loading = (load, version);
            }
        }
        // One caller giving up must not cancel the read the others wait for.
        return load.WaitAsync(ct);
    }

    private bool IsFresh(MarketView view, long version) =>
        _collector is not null ? view.Version == version : cacheClock.GetUtcNow() - view.LoadedAt < _cacheFor;

    private async Task<MarketView> LoadAsync(long version)
    {
        try
        {
            var fresh = new MarketView(await store.GetSummariesAsync(CancellationToken.None).ConfigureAwait(false), version, cacheClock.GetUtcNow());
            // A slower read of an older version never replaces the view of a newer one.
            lock (_lock) if (_view is not { } current || current.Version <= version) _view = fresh;
            return fresh;
        }
        finally
        {
            // Success or failure, the next request that needs a newer view starts its own read (a failed read is not cached).
            lock (_lock) if (_loading is { } l && l.Version == version) _loading = null;
        }
    }
}
