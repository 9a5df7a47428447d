namespace CryptoTracker.Api.Tests;

/// <summary>
/// Expected figures computed independently of the tracker: decimal arithmetic (no floating-point cancellation), a plain
/// two-pass variance, and the spike rule re-implemented literally from its definition with list scans.
/// </summary>
public static class Independent
{
    public sealed record Stats(int Count, decimal Mean, double? StdDev, decimal Min, decimal Max);

    public static Stats StatsOf(IReadOnlyList<decimal> values)
    {
        var n = values.Count;
        var mean = values.Sum() / n;
        double? sd = n < 2 ? null : Math.Sqrt((double)(values.Sum(v => (v - mean) * (v - mean)) / (n - 1)));
        return new Stats(n, mean, sd, values.Min(), values.Max());
    }

    public sealed record ExpectedAlert(string Id, DateTime T, decimal Value, decimal Average);

    /// <summary>At each point v at t: W = points with t − 60 min ≤ p.t &lt; t; firing if |W| ≥ 30, mean(W) &gt; 0, v &gt; 3·mean(W); alert on a firing edge at least 60 min after the last alert.</summary>
    public static List<ExpectedAlert> Alerts(string metric, IReadOnlyList<(DateTime T, decimal V)> points)
    {
        var alerts = new List<ExpectedAlert>();
        var previousFiring = false;
        DateTime? lastAlert = null;
        for (var i = 0; i < points.Count; i++)
        {
            var (t, v) = points[i];
            var w = new List<decimal>();
            for (var j = i - 1; j >= 0 && points[j].T >= t.AddMinutes(-60); j--) w.Add(points[j].V);
            var mean = w.Count > 0 ? w.Sum() / w.Count : 0;
            var firing = w.Count >= 30 && mean > 0 && v > 3 * mean;
            if (firing && !previousFiring && (lastAlert is null || lastAlert <= t.AddMinutes(-60)))
            {
                alerts.Add(new ExpectedAlert($"{metric}@{t:yyyyMMdd'T'HHmm'Z'}", t, v, mean));
                lastAlert = t;
            }
            previousFiring = firing;
        }
        return alerts;
    }
}
