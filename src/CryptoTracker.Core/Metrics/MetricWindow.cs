namespace CryptoTracker.Core.Metrics;

/// <summary>
/// The points of one metric inside its 24 h window, oldest first, at most one per minute. A ring buffer: adding a point
/// and dropping the ones that left the window are O(1); statistics are recomputed only when the content changed.
/// </summary>
public sealed class MetricWindow
{
    private long[] _minutes;   // Unix minutes
    private double[] _values;
    private int _head;         // index of the oldest point
    private int _count;
    private WindowStats? _stats;

    public MetricWindow(int capacity = 1440)
    {
        _minutes = new long[Math.Max(capacity, 4)];
        _values = new double[_minutes.Length];
    }

    public int Count => _count;

    public Point? Latest => _count == 0 ? null : At(_count - 1);

    public Point At(int index)
    {
        var i = (_head + index) % _minutes.Length;
        return new Point(FromMinute(_minutes[i]), _values[i]);
    }

    /// <summary>Appends a point. A point at or before the latest minute is refused: a minute keeps its first value.</summary>
    public bool TryAdd(Point point)
    {
        var minute = ToMinute(point.T);
        if (_count > 0 && minute <= _minutes[(_head + _count - 1) % _minutes.Length]) return false;
        if (_count == _minutes.Length) Grow();
        var i = (_head + _count) % _minutes.Length;
        _minutes[i] = minute;
        _values[i] = point.V;
        _count++;
        _stats = null;
        return true;
    }

    /// <summary>Drops every point at or before <paramref name="cutoff"/> (the window is <c>cutoff &lt; t ≤ now</c>).</summary>
    public void DropThrough(DateTimeOffset cutoff)
    {
        var limit = ToMinuteFloor(cutoff);
        var dropped = false;
        while (_count > 0 && _minutes[_head] <= limit)
        {
            _head = (_head + 1) % _minutes.Length;
            _count--;
            dropped = true;
        }
        if (dropped) _stats = null;
    }

    /// <summary>Statistics over the points held; null when empty.</summary>
    public WindowStats? Stats
    {
        get
        {
            if (_count == 0) return null;
            if (_stats is null)
            {
                // The ring holds at most two runs: [head, end) and [0, rest). Two block copies, no per-element modulo.
                var buffer = _count <= 4096 ? stackalloc double[_count] : new double[_count];
                var first = Math.Min(_count, _values.Length - _head);
                _values.AsSpan(_head, first).CopyTo(buffer);
                _values.AsSpan(0, _count - first).CopyTo(buffer[first..]);
                _stats = WindowStats.Compute(buffer);
            }
            return _stats;
        }
    }

    /// <summary>Count and mean of the values with <c>from ≤ t &lt; to</c>, scanning back from the newest point.</summary>
    public (int Count, double Mean) MeanBetween(DateTimeOffset from, DateTimeOffset to)
    {
        long lo = ToMinuteCeiling(from), hi = ToMinuteCeiling(to);
        int n = 0;
        double sum = 0;
        for (var k = _count - 1; k >= 0; k--)
        {
            var i = (_head + k) % _minutes.Length;
            var m = _minutes[i];
            if (m < lo) break;
            if (m >= hi) continue;
            sum += _values[i];
            n++;
        }
        return (n, n == 0 ? 0 : sum / n);
    }

    /// <summary>The newest point with <c>t ≤ at</c>, scanning back from the newest; null when the window holds none.</summary>
    public Point? LatestAtOrBefore(DateTimeOffset at)
    {
        var limit = ToMinuteFloor(at);
        for (var k = _count - 1; k >= 0; k--)
        {
            var i = (_head + k) % _minutes.Length;
            if (_minutes[i] <= limit) return new Point(FromMinute(_minutes[i]), _values[i]);
        }
        return null;
    }

    public IEnumerable<Point> Points()
    {
        for (var k = 0; k < _count; k++) yield return At(k);
    }

    private void Grow()
    {
        var minutes = new long[_minutes.Length * 2];
        var values = new double[minutes.Length];
        for (var k = 0; k < _count; k++)
        {
            minutes[k] = _minutes[(_head + k) % _minutes.Length];
            values[k] = _values[(_head + k) % _values.Length];
        }
        _minutes = minutes;
        _values = values;
        _head = 0;
    }

    private static long ToMinute(DateTimeOffset t) => ToMinuteFloor(t);
    private static long ToMinuteFloor(DateTimeOffset t) => (long)Math.Floor(t.ToUnixTimeMilliseconds() / 60000.0);
    private static long ToMinuteCeiling(DateTimeOffset t) => (long)Math.Ceiling(t.ToUnixTimeMilliseconds() / 60000.0);
    private static DateTimeOffset FromMinute(long minute) => DateTimeOffset.FromUnixTimeSeconds(minute * 60);
}
