using CryptoTracker.Core;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Sources.Demo;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Sources.Tests;

public class DemoMarketTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static DemoMarket Demo(int seed) => new(Options.Create(new DemoOptions { Seed = seed }), TimeProvider.System);

    [Fact]
    public void QuotesAt_IsReproducibleForASeedAndDiffersAcrossSeeds()
    {
        Assert.Equal(Demo(7).QuotesAt(Now), Demo(7).QuotesAt(Now));
        Assert.NotEqual(Demo(7).QuotesAt(Now), Demo(8).QuotesAt(Now));
        Assert.Equal(24, Demo(7).QuotesAt(Now).Count); // twelve symbols × price and volume
    }

    [Fact]
    public async Task Backfill_OfADay_MovesPricesAndFiresVolumeAlerts()
    {
        var minutes = await Demo(42).BackfillAsync(Now.AddHours(-24), Now, CancellationToken.None);
        var market = new TrackedMetrics(new RuleBook([AlertRule.Spike()]));
        var alerts = minutes.SelectMany(m => market.Ingest(m).Alerts).ToList();

        Assert.Equal(1440, minutes.Count);
        var prices = minutes.Select(m => m.Quotes.Single(q => q.Metric == new MetricId("price", "btcusd")).Value).ToList();
        Assert.True(prices.Max() / prices.Min() > 1.02, "the price should move by a few percent over a day");
        Assert.InRange(alerts.Count, 5, 60); // about one an hour across the market
        Assert.All(alerts, a => Assert.Equal("volume", a.Metric.Type));
    }

    [Fact]
    public async Task Backfill_OfTwoDays_PutsAlertsAtVariedMinutesOfTheHour()
    {
        var minutes = await Demo(42).BackfillAsync(Now.AddHours(-48), Now, CancellationToken.None);
        var market = new TrackedMetrics(new RuleBook([AlertRule.Spike()]));
        var alerts = minutes.SelectMany(m => market.Ingest(m).Alerts).ToList();

        var minutesOfHour = alerts.Select(a => a.T.Minute).Distinct().ToList();
        Assert.True(minutesOfHour.Count >= alerts.Count / 2, $"alerts at minutes {string.Join(", ", alerts.Select(a => a.T.Minute))}");
        Assert.All(minutesOfHour, m => Assert.InRange(m, 5, 56));
    }
}
