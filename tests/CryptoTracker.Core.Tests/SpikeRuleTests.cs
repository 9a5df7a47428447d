using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Tests;

public class SpikeRuleTests
{
    private static readonly DateTimeOffset T0 = new(2023, 3, 10, 0, 0, 0, TimeSpan.Zero);
    private static readonly MetricId Volume = new("volume", "btcusd");

    private static TrackedMetrics MarketWith(params (int Minute, double Value)[] points)
    {
        var market = new TrackedMetrics(new RuleBook([AlertRule.Spike()]));
        foreach (var (m, v) in points) market.Ingest(new MinuteQuotes(T0.AddMinutes(m), [new Quote(Volume, v)]));
        return market;
    }

    private static IReadOnlyList<Alert> Add(TrackedMetrics market, int minute, double value) =>
        market.Ingest(new MinuteQuotes(T0.AddMinutes(minute), [new Quote(Volume, value)])).Alerts;

    private static (int, double)[] Flat(int fromMinute, int count, double value) =>
        Enumerable.Range(fromMinute, count).Select(m => (m, value)).ToArray();

    [Fact]
    public void NewPoint_AboveThreeTimesTheHourMeanWithThirtyPoints_RaisesOneAlert()
    {
        var market = MarketWith(Flat(30, 30, 10)); // minutes 30..59, mean 10

        var alerts = Add(market, 60, 30.5);

        var alert = Assert.Single(alerts);
        Assert.Equal("volume:btcusd@20230310T0100Z", alert.Id);
        Assert.Equal(10, alert.Reference);
        Assert.Equal(3.05, alert.Ratio, 12);
    }

    [Fact]
    public void NewPoint_ExactlyThreeTimesTheMean_DoesNotFire()
    {
        var market = MarketWith(Flat(30, 30, 10));

        Assert.Empty(Add(market, 60, 30));
    }

    [Fact]
    public void NewPoint_WithOnlyTwentyNinePointsInTheHour_DoesNotFire()
    {
        var market = MarketWith(Flat(31, 29, 10));

        Assert.Empty(Add(market, 60, 1000));
    }

    [Fact]
    public void HourWindow_IncludesThePointSixtyMinutesBefore()
    {
        // Points at minutes 0..29 (30 points). At minute 60, t − 60 min = minute 0 is inside: |W| = 30 → fires.
        Assert.Single(Add(MarketWith(Flat(0, 30, 10)), 60, 31));
        // The same 30 points seen from minute 61: minute 0 has left the window, |W| = 29 → silent.
        Assert.Empty(Add(MarketWith(Flat(0, 30, 10)), 61, 31));
    }

    [Fact]
    public void HourMean_AtOrBelowZero_NeverFires()
    {
        Assert.Empty(Add(MarketWith(Flat(0, 60, 0)), 60, 5));
    }

    [Fact]
    public void ConsecutiveFiringPoints_GiveOneAlertForTheSpike()
    {
        var market = MarketWith(Flat(0, 60, 10));

        Assert.Single(Add(market, 60, 100));
        Assert.Empty(Add(market, 61, 100)); // mean now (59·10+100)/60 ≈ 11.5: still firing, previous was firing
        Assert.Empty(Add(market, 62, 100));
    }

    [Fact]
    public void SecondSpike_WithinTheCooldown_IsSilent_AndAfterSixtyMinutesAlertsAgain()
    {
        var market = MarketWith(Flat(0, 60, 10));
        Assert.Single(Add(market, 60, 100));     // alert at minute 60
        foreach (var m in Enumerable.Range(61, 58)) Add(market, m, 10); // back to normal, not firing
        Assert.Empty(Add(market, 119, 100));    // firing edge, but only 59 min after the alert
        Add(market, 120, 10);                    // not firing
        Assert.Single(Add(market, 121, 100));    // 61 min after the alert: allowed
    }

    [Fact]
    public void Cooldown_ExactlySixtyMinutesAfterTheLastAlert_AllowsTheNextOne()
    {
        var market = MarketWith(Flat(0, 60, 10));
        Assert.Single(Add(market, 60, 100));
        foreach (var m in Enumerable.Range(61, 59)) Add(market, m, 10);

        Assert.Single(Add(market, 120, 100));
    }

    [Fact]
    public void Gap_BeforeASpike_CountsOnlyThePointsThatExist()
    {
        // 40 points, then a 50-minute gap: at minute 90 the hour holds minutes 30..39 only (10 points) → silent.
        var market = MarketWith(Flat(0, 40, 10));

        Assert.Empty(Add(market, 90, 1000));
    }
}
