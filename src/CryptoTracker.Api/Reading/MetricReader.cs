using CryptoTracker.Api.Configuration;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Ports;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Reading;

/// <summary>
/// Serves reads from summaries the collector materialised. With the collector in this process the view is reloaded
/// exactly when a tick was committed; otherwise (the read-only Lambda role) it is reused for Tracker:Api:CacheFor.
/// </summary>
public sealed class MetricReader(IMetricStore store, IOptions<TrackerOptions> options, Collector collector)
{
    private readonly Collector? _collector = options.Value.RunsCollector ? collector : null;
    private readonly TimeSpan _cacheFor = options.Value.Api.CacheFor;
    private volatile MarketView? _view;

    public async Task<MarketView> GetAsync(CancellationToken ct)
    {
        var view = _view;
        var now = DateTimeOffset.UtcNow; // real time: cache ages are not market time (the replay clock may stand still)
        if (view is not null)
        {
            if (_collector is not null ? view.Version == _collector.Version : now - view.LoadedAt < _cacheFor) return view;
        }
        var version = _collector?.Version ?? 0;
        var fresh = new MarketView(await store.GetSummariesAsync(ct), version, now);
        _view = fresh;
        return fresh;
    }
}
