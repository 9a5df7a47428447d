using static CryptoTracker.DynamoDb.ItemAttributes;

namespace CryptoTracker.DynamoDb;

/// <summary>
/// What the writer knows about the points not yet folded into hour chunks: every point at or after <see cref="Folded"/>
/// (stored in tick items), grouped by hour and metric. Learnt from the table once per process, then kept up to date by
/// the commits; an hour leaves it once its chunks are written and the fold mark has moved past it.
/// </summary>
internal sealed class OpenHours(long folded, long? oldest)
{
    private readonly SortedDictionary<long, Dictionary<string, SortedDictionary<long, double>>> _hours = [];

    /// <summary>The fold mark: every stored point before it is in an hour chunk, every point at or after it in a tick item.</summary>
    public long Folded { get; private set; } = folded;

    /// <summary>The first hour whose chunks may still be inside the window (null: no chunk written yet).</summary>
    public long? Oldest { get; private set; } = oldest;

    public long? Newest { get; private set; }

    /// <summary>Adds a point; a (metric, second) already known keeps its first value. Returns the value kept.</summary>
    public double Add(string metric, long t, double v)
    {
        var hour = HourStart(t);
        if (!_hours.TryGetValue(hour, out var metrics)) _hours[hour] = metrics = new(StringComparer.Ordinal);
        if (!metrics.TryGetValue(metric, out var points)) metrics[metric] = points = [];
        if (!points.TryAdd(t, v)) v = points[t];
        if (Newest is not { } newest || t > newest) Newest = t;
        return v;
    }

    /// <summary>Hours before the newest point's hour: no live tick adds to them any more, so they are folded now.</summary>
    public List<long> ClosedHours() =>
        Newest is { } newest ? [.. _hours.Keys.Where(h => h < HourStart(newest))] : [];

    public IReadOnlyDictionary<string, SortedDictionary<long, double>> Hour(long hour) => _hours[hour];

    public IEnumerable<(string Metric, long T, double V)> Points() =>
        _hours.Values.SelectMany(m => m.SelectMany(p => p.Value.Select(x => (p.Key, x.Key, x.Value))));

    /// <summary>The fold of these hours is stored (chunks, then the status with the new mark).</summary>
    public void Folding(IReadOnlyCollection<long> hours, long folded, long? oldest)
    {
        foreach (var hour in hours) _hours.Remove(hour);
        Folded = folded;
        Oldest = oldest;
    }
}
