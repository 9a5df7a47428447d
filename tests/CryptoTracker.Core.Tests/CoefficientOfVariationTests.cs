using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Tests;

/// <summary>cv = sample standard deviation ÷ mean of the same window; every expected figure below is worked out by hand.</summary>
public class CoefficientOfVariationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(new[] { 1.0, 3.0 }, 0.70710678118654752)]        // mean 2, sd √2 → √2/2
    [InlineData(new[] { 10.0, 20.0, 30.0 }, 0.5)]                 // mean 20, sd 10
    [InlineData(new[] { 1000.0, 1010.0, 1020.0 }, 0.0099009900990099)] // mean 1010, sd 10 → 1/101
    [InlineData(new[] { 5.0, 5.0, 5.0 }, 0.0)]                    // flat: sd 0
    public void Cv_IsTheSampleStdDevAsAFractionOfTheMean(double[] values, double expected)
    {
        Assert.Equal(expected, WindowStats.Compute(values).Cv!.Value, 14);
    }

    [Theory]
    [InlineData(new[] { 7.0 })]          // a single point has no standard deviation
    [InlineData(new[] { 0.0, 0.0 })]     // mean 0: no ratio
    [InlineData(new[] { -1.0, -3.0 })]   // negative mean: no meaningful ratio
    [InlineData(new[] { -2.0, 2.0 })]    // mean 0 with spread
    public void Cv_IsNullBelowTwoPointsOrWhenTheMeanIsNotPositive(double[] values)
    {
        Assert.Null(WindowStats.Compute(values).Cv);
    }

    [Fact]
    public void Cv_OfAStablecoinNearOne_KeepsItsDigits()
    {
        // 1.0001 ± 0.0001 alternating over 1440 minutes: mean 1.0001, sd = 0.0001·√(1440/1439).
        var values = Enumerable.Range(0, 1440).Select(i => i % 2 == 0 ? 1.0002 : 1.0000).ToArray();
        var expected = 0.0001 * Math.Sqrt(1440.0 / 1439.0) / 1.0001;

        Assert.Equal(expected, WindowStats.Compute(values).Cv!.Value, 12);
    }

    [Fact]
    public void Summarize_RanksByCvWithCompetitionRankingAndLeavesNullCvUnrankedWithTheSameTotal()
    {
        var metrics = new TrackedMetrics(new RuleBook([AlertRule.Spike()]));
        // price:a 1,3 → cv √2/2; price:b 2,6 → sd 2√2, mean 4 → cv √2/2 (tie with a); price:c 1000,1010 → sd √50, cv √50/1005;
        // price:d 5,5 → cv 0; price:e one point → no cv. volume:z 0,0 → mean 0, no cv; volume:y 100,300 → cv √20000/200.
        metrics.Ingest(new MinuteQuotes(T0, [Q("price:a", 1), Q("price:b", 2), Q("price:c", 1000), Q("price:d", 5), Q("price:e", 7), Q("volume:z", 0), Q("volume:y", 100)]));
        metrics.Ingest(new MinuteQuotes(T0.AddMinutes(1), [Q("price:a", 3), Q("price:b", 6), Q("price:c", 1010), Q("price:d", 5), Q("volume:z", 0), Q("volume:y", 300)]));

        var s = metrics.Summarize(T0.AddMinutes(1)).ToDictionary(x => x.Id.ToString());

        Assert.Equal(new RankPlace(1, 4), s["price:a"].ByCv);
        Assert.Equal(new RankPlace(1, 4), s["price:b"].ByCv);
        Assert.Equal(new RankPlace(3, 4), s["price:c"].ByCv);
        Assert.Equal(new RankPlace(4, 4), s["price:d"].ByCv);
        Assert.Equal(new RankPlace(null, 4), s["price:e"].ByCv);
        Assert.Equal(new RankPlace(1, 1), s["volume:y"].ByCv);
        Assert.Equal(new RankPlace(null, 1), s["volume:z"].ByCv);
        // The same metrics by σ follow the price level instead: c (√50) first, then b (2√2), a (√2), d (0).
        Assert.Equal(new RankPlace(1, 4), s["price:c"].ByStdDev);
        Assert.Equal(new RankPlace(4, 4), s["price:d"].ByStdDev);
        Assert.Equal(new RankPlace(1, 2), s["volume:y"].ByStdDev);
        Assert.Equal(Math.Sqrt(50) / 1005, s["price:c"].Value(RankBy.Cv)!.Value, 14);
        Assert.Equal(Math.Sqrt(20000) / 200, s["volume:y"].Value(RankBy.Cv)!.Value, 14);
        Assert.Null(s["volume:z"].Value(RankBy.Cv));
    }

    [Theory]
    [InlineData("cv", RankBy.Cv)]
    [InlineData("stddev", RankBy.StdDev)]
    [InlineData(null, RankBy.StdDev)]
    [InlineData("mean", RankBy.Mean)]
    public void RankBy_ParsesAndNamesCv(string? text, RankBy expected)
    {
        Assert.True(RankByNames.TryParse(text, out var by));
        Assert.Equal(expected, by);
        Assert.Equal(text ?? "stddev", by.ToName());
    }

    private static Quote Q(string id, double v) => new(MetricId.Parse(id), v);
}
