using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Tests;

public class WindowStatsTests
{
    [Fact]
    public void Compute_OnTextbookSample_GivesMeanFiveAndSampleStdDevOfSqrt32Over7()
    {
        // Deviations from 5: -3,-1,-1,-1,0,0,2,4 → squares sum to 32; sample variance 32/7.
        var stats = WindowStats.Compute([2, 4, 4, 4, 5, 5, 7, 9]);

        Assert.Equal(8, stats.Count);
        Assert.Equal(5.0, stats.Mean, 15);
        Assert.Equal(Math.Sqrt(32.0 / 7.0), stats.StdDev!.Value, 14);
        Assert.Equal(2, stats.Min);
        Assert.Equal(9, stats.Max);
    }

    [Fact]
    public void Compute_WithOnePoint_HasNoStdDev()
    {
        var stats = WindowStats.Compute([42.5]);

        Assert.Equal(1, stats.Count);
        Assert.Equal(42.5, stats.Mean);
        Assert.Null(stats.StdDev);
    }

    [Fact]
    public void Compute_OnFlatStablecoinSeries_KeepsStdDevToOnePartInAMillion()
    {
        // 1440 minutes alternating 1.0001 ± 1e-4: mean 1.0001, sample stddev 1e-4·√(n/(n−1)).
        var values = Enumerable.Range(0, 1440).Select(i => i % 2 == 0 ? 1.0002 : 1.0000).ToArray();

        var stats = WindowStats.Compute(values);

        Assert.InRange(Math.Abs(stats.Mean - 1.0001) / 1.0001, 0, 1e-9);
        var expected = 1e-4 * Math.Sqrt(1440.0 / 1439.0);
        Assert.InRange(Math.Abs(stats.StdDev!.Value - expected) / expected, 0, 1e-6);
    }

    [Fact]
    public void Compute_OnLargeBtcJpyValues_KeepsLowDigits()
    {
        // 1.2e7 + 0.01·k for k = 0..1439: mean 1.2e7 + 7.195; stddev of 0..n−1 is √(n(n+1)/12), scaled by 0.01.
        var values = Enumerable.Range(0, 1440).Select(k => 1.2e7 + 0.01 * k).ToArray();

        var stats = WindowStats.Compute(values);

        Assert.InRange(Math.Abs(stats.Mean - (1.2e7 + 7.195)) / 1.2e7, 0, 1e-9);
        var expected = 0.01 * Math.Sqrt(1440.0 * 1441.0 / 12.0);
        Assert.InRange(Math.Abs(stats.StdDev!.Value - expected) / expected, 0, 1e-6);
    }

    [Fact]
    public void Compute_OnConstantSeries_GivesZeroStdDevAndTheValueAsMean()
    {
        var stats = WindowStats.Compute(Enumerable.Repeat(0.1 + 0.2, 1440).ToArray());

        Assert.Equal(0.1 + 0.2, stats.Mean);
        Assert.Equal(0.0, stats.StdDev);
    }
}
