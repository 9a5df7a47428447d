using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Tests;

public class MetricWindowTests
{
    private static readonly DateTimeOffset T0 = new(2023, 3, 10, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TryAdd_SameMinuteTwice_KeepsTheFirstValue()
    {
        var w = new MetricWindow();

        Assert.True(w.TryAdd(new Point(T0, 1)));
        Assert.False(w.TryAdd(new Point(T0, 2)));
        Assert.False(w.TryAdd(new Point(T0.AddMinutes(-1), 3)));

        Assert.Equal(1, w.Count);
        Assert.Equal(1, w.Latest!.Value.V);
    }

    [Fact]
    public void DropThrough_RemovesThePointExactlyAtTheCutoffAndKeepsTheNextMinute()
    {
        var w = new MetricWindow();
        for (var i = 0; i < 5; i++) w.TryAdd(new Point(T0.AddMinutes(i), i));

        w.DropThrough(T0.AddMinutes(2)); // window is cutoff < t

        Assert.Equal([3.0, 4.0], w.Points().Select(p => p.V));
        Assert.Equal(3.5, w.Stats!.Mean);
    }

    [Fact]
    public void Window_WithGaps_CountsOnlyPresentMinutes()
    {
        var w = new MetricWindow();
        w.TryAdd(new Point(T0, 10));
        w.TryAdd(new Point(T0.AddMinutes(30), 20));
        w.TryAdd(new Point(T0.AddMinutes(59), 30));

        var (count, mean) = w.MeanBetween(T0, T0.AddMinutes(60));

        Assert.Equal(3, count);
        Assert.Equal(20, mean);
        Assert.Equal((1, 10.0), w.MeanBetween(T0, T0.AddMinutes(30))); // upper bound exclusive
    }

    [Fact]
    public void Window_GrowsBeyondItsInitialCapacityAndKeepsOrder()
    {
        var w = new MetricWindow(capacity: 4);
        for (var i = 0; i < 10; i++) w.TryAdd(new Point(T0.AddMinutes(i), i));
        w.DropThrough(T0.AddMinutes(3));
        for (var i = 10; i < 14; i++) w.TryAdd(new Point(T0.AddMinutes(i), i));

        Assert.Equal(Enumerable.Range(4, 10).Select(i => (double)i), w.Points().Select(p => p.V));
    }

    [Fact]
    public void Stats_WhenTheRingHasWrappedAround_CoverExactlyTheHeldPoints()
    {
        var w = new MetricWindow(capacity: 4);
        for (var i = 0; i < 4; i++) w.TryAdd(new Point(T0.AddMinutes(i), i + 1)); // 1 2 3 4, ring full
        w.DropThrough(T0.AddMinutes(1));                                         // 3 4 held at the ring's end
        w.TryAdd(new Point(T0.AddMinutes(4), 5));                                // wraps to the ring's start
        w.TryAdd(new Point(T0.AddMinutes(5), 10));

        // 3, 4, 5, 10: mean 5.5; deviations −2.5, −1.5, −0.5, 4.5 → squares 6.25+2.25+0.25+20.25 = 29, sample variance 29/3.
        Assert.Equal(5.5, w.Stats!.Mean);
        Assert.Equal(Math.Sqrt(29.0 / 3.0), w.Stats.StdDev!.Value, 14);
        Assert.Equal(3, w.Stats.Min);
        Assert.Equal(10, w.Stats.Max);
    }
}
