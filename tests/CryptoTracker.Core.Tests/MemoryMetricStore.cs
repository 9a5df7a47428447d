using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;

namespace CryptoTracker.Core.Tests;

/// <summary>A store in memory for Core's unit tests; <see cref="FailCommits"/> makes the next commits throw.</summary>
public sealed class MemoryMetricStore : IMetricStore
{
    private readonly Dictionary<(MetricId, DateTimeOffset), Point> _points = [];
    private IReadOnlyList<MetricSummary> _summaries = [];
    private CollectorStatus? _status;

    public int FailCommits { get; set; }
    public int Commits { get; private set; }

    public IReadOnlyList<(MetricId Metric, Point Point)> Points => _points.Select(p => (p.Key.Item1, p.Value)).OrderBy(p => p.Value.T).ToList();

    public Task InitializeAsync(CancellationToken ct) => Task.CompletedTask;

    public Task<StoredState> LoadAsync(DateTimeOffset pointsAfter, DateTimeOffset alertsAfter, CancellationToken ct) =>
        Task.FromResult(new StoredState(Points.Where(p => p.Point.T > pointsAfter).ToList(), []));

    public Task CommitAsync(TickCommit commit, CancellationToken ct)
    {
        Commits++;
        if (FailCommits > 0)
        {
            FailCommits--;
            throw new IOException("disk unavailable");
        }
        foreach (var (metric, point) in commit.Points) _points.TryAdd((metric, point.T), point);
        _summaries = commit.Summaries;
        _status = commit.Status;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<MetricSummary>> GetSummariesAsync(CancellationToken ct) => Task.FromResult(_summaries);

    public Task<IReadOnlyList<Point>> GetHistoryAsync(MetricId metric, DateTimeOffset after, DateTimeOffset upTo, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<Point>>(Points.Where(p => p.Metric == metric && p.Point.T > after && p.Point.T <= upTo).Select(p => p.Point).ToList());

    public Task<IReadOnlyList<Alert>> GetAlertsAsync(DateTimeOffset after, CancellationToken ct) => Task.FromResult<IReadOnlyList<Alert>>([]);

    public Task<CollectorStatus?> GetStatusAsync(CancellationToken ct) => Task.FromResult(_status);

    public Task<IReadOnlyList<Alert>> GetUndeliveredAlertsAsync(string channel, DateTimeOffset after, CancellationToken ct) => Task.FromResult<IReadOnlyList<Alert>>([]);

    public Task MarkDeliveredAsync(string channel, IReadOnlyList<string> alertIds, DateTimeOffset at, CancellationToken ct) => Task.CompletedTask;
}
