using CryptoTracker.Api.Configuration;
using CryptoTracker.Api.Http;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Health;
using CryptoTracker.Core.Markets;

namespace CryptoTracker.Api.Markets;

/// <summary>The <c>sources</c> array of /v1/health: one entry per live source, with refusals by reason.</summary>
public static class SourcesHealth
{
    public static IReadOnlyList<MarketSourceHealthDto> Build(IReadOnlyList<MarketSourceStatus>? markets, SourceStatus? single, TrackerOptions o)
    {
        if (markets is not null)
            return markets.Select(m => new MarketSourceHealthDto(m.Name, State(m.ConsecutiveFailures, m.LastSuccess, m.LastFailure),
                m.LastSuccess?.UtcDateTime, m.LastFailure?.UtcDateTime, m.LastError, m.ConsecutiveFailures,
                new RejectedDto(m.Rejected.Outlier, m.Rejected.Stale, m.Rejected.Invalid, m.Rejected.Total))).ToList();

        // One source without the market pipeline (Tracker:Source): the collector's own record; all refusals are invalid values.
        var name = single?.Name ?? o.Source.Name();
        var rejected = single?.RejectedValues ?? 0;
        return [new MarketSourceHealthDto(name, State(single?.ConsecutiveFailures ?? 0, single?.LastSuccess, single?.LastFailure),
            single?.LastSuccess?.UtcDateTime, single?.LastFailure?.UtcDateTime, single?.LastError, single?.ConsecutiveFailures ?? 0,
            new RejectedDto(0, 0, rejected, rejected))];
    }

    private static string State(int failures, DateTimeOffset? success, DateTimeOffset? failure) => HealthEvaluator.SourceState(failures, success, failure);
}
