using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Tests;

public class TrackedMetricsTests
{
    private static readonly DateTimeOffset T0 = new(2023, 3, 10, 0, 0, 0, TimeSpan.Zero);

    private static TrackedMetrics NewMarket() => new(new RuleBook([AlertRule.Spike()]));

    private static Quote Q(string id, double v) => new(MetricId.Parse(id), v);

    [Fact]
    public void Summarize_RanksByStdDevWithinTypeAndLeavesSinglePointMetricsUnranked()
    {
        var market = NewMarket();
        // a: 1,3 → sd √2; b: 10,10 → sd 0; c: one point → no sd; volume:a is another type.
        market.Ingest(new MinuteQuotes(T0, [Q("price:a", 1), Q("price:b", 10), Q("price:c", 7), Q("volume:a", 100)]));
        market.Ingest(new MinuteQuotes(T0.AddMinutes(1), [Q("price:a", 3), Q("price:b", 10), Q("volume:a", 300)]));

        var s = market.Summarize(T0.AddMinutes(1)).ToDictionary(x => x.Id.ToString());

        Assert.Equal(new RankPlace(1, 2), s["price:a"].ByStdDev);
        Assert.Equal(new RankPlace(2, 2), s["price:b"].ByStdDev);
        Assert.Equal(new RankPlace(null, 2), s["price:c"].ByStdDev);
        Assert.Equal(new RankPlace(1, 3), s["price:b"].ByMean);   // means: b 10, c 7, a 2
        Assert.Equal(new RankPlace(3, 3), s["price:a"].ByMean);
        Assert.Equal(new RankPlace(1, 1), s["volume:a"].ByStdDev);
        Assert.Equal(Math.Sqrt(2), s["price:a"].Stats.StdDev!.Value, 14);
    }

    [Fact]
    public void Summarize_DropsPointsOutsideTheTwentyFourHourWindow()
    {
        var market = NewMarket();
        market.Ingest(new MinuteQuotes(T0, [Q("price:a", 1)]));
        market.Ingest(new MinuteQuotes(T0.AddMinutes(1), [Q("price:a", 2)]));
        market.Ingest(new MinuteQuotes(T0.AddHours(24), [Q("price:a", 4)]));

        var s = Assert.Single(market.Summarize(T0.AddHours(24)));

        Assert.Equal(2, s.Stats.Count); // T0 is exactly now − 24 h: outside (now − 24 h < t)
        Assert.Equal(3, s.Stats.Mean);
        Assert.Equal(T0, s.WindowFrom);
    }

    [Fact]
    public void Ingest_RejectsNonFiniteAndNonPositivePricesAndNegativeVolumes()
    {
        var market = NewMarket();

        var outcome = market.Ingest(new MinuteQuotes(T0, [
            Q("price:a", double.NaN), Q("price:b", 0), Q("price:c", -1), Q("price:d", double.PositiveInfinity),
            Q("volume:a", -5), Q("volume:b", 0), Q("price:e", 2)]));

        Assert.Equal(5, outcome.Rejected);
        Assert.Equal(["volume:b", "price:e"], outcome.Points.Select(p => p.Metric.ToString()));
    }

    [Fact]
    public void Restore_AfterARestart_ContinuesWithTheSameAlertsAsAnUninterruptedRun()
    {
        // A series that spikes at minute 60 and again while still firing at 61, and once more after a lull.
        double V(int m) => m is 60 or 61 or 130 ? 100 : 10;
        var uninterrupted = NewMarket();
        var all = new List<Alert>();
        for (var m = 0; m < 140; m++) all.AddRange(uninterrupted.Ingest(new MinuteQuotes(T0.AddMinutes(m), [Q("volume:x", V(m))])).Alerts);

        var first = NewMarket();
        var stored = new List<(MetricId, Point)>();
        var alerts = new List<Alert>();
        for (var m = 0; m <= 60; m++)
        {
            var o = first.Ingest(new MinuteQuotes(T0.AddMinutes(m), [Q("volume:x", V(m))]));
            stored.AddRange(o.Points);
            alerts.AddRange(o.Alerts);
        }
        var restarted = NewMarket();
        restarted.Restore(stored, alerts);
        for (var m = 61; m < 140; m++) alerts.AddRange(restarted.Ingest(new MinuteQuotes(T0.AddMinutes(m), [Q("volume:x", V(m))])).Alerts);

        Assert.Equal(["volume:x@20230310T0100Z", "volume:x@20230310T0210Z"], all.Select(a => a.Id));
        Assert.Equal(all.Select(a => a.Id), alerts.Select(a => a.Id));
    }
}
