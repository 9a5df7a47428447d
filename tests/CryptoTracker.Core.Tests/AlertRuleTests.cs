using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Markets;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CryptoTracker.Core.Tests;

/// <summary>
/// The operator rules, minute by minute on a fake clock: each condition, edge triggering, re-arm, cooldown, the missing
/// t − Window point, and a restart at every minute of a run giving exactly the alerts of the uninterrupted run.
/// </summary>
public class AlertRuleTests
{
    private static readonly DateTimeOffset Start = new(2023, 3, 10, 0, 0, 0, TimeSpan.Zero);
    private static readonly MetricId Usdc = new("price", "usdcusd");
    private static readonly MetricId Btc = new("price", "btcusd");

    private static AlertRule Rule(string name, MetricId metric, string kind, double threshold, int window = 60, int cooldown = 60) =>
        TestRules.Of(name, metric, kind, threshold, window, cooldown);

    /// <summary>The tracked metrics with the rules, fed one minute per step of a fake clock.</summary>
    private sealed class Run(params AlertRule[] rules)
    {
        public FakeTimeProvider Clock { get; } = new(Start);
        public TrackedMetrics Metrics { get; private set; } = New(rules);
        public List<(MetricId, Point)> Points { get; } = [];
        public List<Alert> Alerts { get; } = [];
        private readonly AlertRule[] _rules = rules;

        private static TrackedMetrics New(AlertRule[] rules) => new(new RuleBook([AlertRule.Spike(), .. rules]));

        /// <summary>Ingests the quotes at the clock's minute, then advances the clock by a minute; returns that minute's alerts.</summary>
        public IReadOnlyList<Alert> Tick(params Quote[] quotes)
        {
            var outcome = Metrics.Ingest(new MinuteQuotes(Clock.GetUtcNow(), quotes));
            Points.AddRange(outcome.Points);
            Alerts.AddRange(outcome.Alerts);
            Clock.Advance(TimeSpan.FromMinutes(1));
            return outcome.Alerts;
        }

        public IReadOnlyList<Alert> Tick(MetricId metric, double value) => Tick(new Quote(metric, value));

        /// <summary>A new process: everything in memory is lost and rebuilt from what was stored.</summary>
        public void Restart()
        {
            Metrics = New(_rules);
            Metrics.Restore(Points.ToList(), Alerts.ToList());
        }
    }

    private static int MinuteOf(Alert a) => (int)(a.T - Start).TotalMinutes;

    [Fact]
    public void Below_FiresWhenTheValueCrossesBelow_NotAgainWhileItStaysBelow_AndAgainAfterItCameBack()
    {
        var run = new Run(Rule("usdc-below", Usdc, AlertKind.Below, 0.95, cooldown: 0));
        double[] values = [1.0, 0.96, 0.95, 0.94, 0.90, 0.949, 0.951, 0.99, 0.93, 0.97];
        // Below means strictly below: 0.95 does not hold. Holds at minutes 3, 4, 5 (one alert, at 3), re-arms at 6, fires at 8.
        foreach (var v in values) run.Tick(Usdc, v);

        Assert.Equal([3, 8], run.Alerts.Select(MinuteOf));
        var first = run.Alerts[0];
        Assert.Equal("price:usdcusd@20230310T0003Z~usdc-below", first.Id);
        Assert.Equal(("usdc-below", "below", 0.95, 0.94), (first.Rule, first.Kind, first.Threshold!.Value, first.Value));
        Assert.Equal(0.95, first.Reference);
        Assert.Equal(0.94 / 0.95, first.Ratio, 15);
    }

    [Fact]
    public void Above_TheFirstPointAfterStartUpAlreadyAbove_CountsAsACrossing()
    {
        var run = new Run(Rule("btc-above-25k", Btc, AlertKind.Above, 25_000));

        var alert = Assert.Single(run.Tick(Btc, 25_000.01));

        Assert.Equal(("btc-above-25k", "above", 0), (alert.Rule, alert.Kind, MinuteOf(alert)));
        Assert.Empty(run.Tick(Btc, 25_000)); // exactly the level is not above
    }

    [Fact]
    public void Cooldown_ASecondCrossingWithinTheCooldownIsSilent_OneAtExactlyTheCooldownFires()
    {
        var run = new Run(Rule("btc-below-20k", Btc, AlertKind.Below, 20_000, cooldown: 10));
        // Below at 0; back above at 1; below again at 5 (5 min after the alert: cooldown), above at 6, below at 10 (= 10 min).
        var series = new Dictionary<int, double> { [0] = 19_000, [1] = 21_000, [5] = 19_500, [6] = 21_000, [10] = 19_900 };
        for (var m = 0; m <= 10; m++) run.Tick(Btc, series.GetValueOrDefault(m, series.Where(e => e.Key <= m).MaxBy(e => e.Key).Value));

        Assert.Equal([0, 10], run.Alerts.Select(MinuteOf));
    }

    [Fact]
    public void Cooldown_WhileItRuns_TheConditionStillArmsAndDisarms()
    {
        // Below at 0 (alert), above at 1, below at 2..20 continuously: the crossing at 2 was within the cooldown, and holding on
        // after the cooldown is not a new crossing, so no second alert.
        var run = new Run(Rule("b", Btc, AlertKind.Below, 100, cooldown: 5));
        run.Tick(Btc, 90);
        run.Tick(Btc, 110);
        for (var m = 2; m <= 20; m++) run.Tick(Btc, 90);

        Assert.Equal([0], run.Alerts.Select(MinuteOf));
    }

    [Fact]
    public void ChangePercent_ComparesWithTheValueWindowMinutesEarlier_BothDirections()
    {
        var run = new Run(Rule("btc-move-5", Btc, AlertKind.Change, 5, window: 3, cooldown: 0));
        // Minute:  0    1    2    3    4     5    6    7    8
        double[] v = [100, 100, 100, 104, 105.5, 105, 100, 99, 99.6];
        // v(t−3): t=3 → 100: +4 % no; t=4 → 100: +5.5 % yes (alert); t=5 → 100: +5 % holds (no new alert);
        // t=6 → 104: −3.85 % no (re-arms); t=7 → 105.5: −6.16 % yes (alert); t=8 → 105: −5.14 % holds.
        foreach (var x in v) run.Tick(Btc, x);

        Assert.Equal([4, 7], run.Alerts.Select(MinuteOf));
        Assert.Equal(100, run.Alerts[0].Reference);
        Assert.Equal(1.055, run.Alerts[0].Ratio, 12);
        Assert.Equal(105.5, run.Alerts[1].Reference);
        Assert.Equal(("change", 5.0), (run.Alerts[1].Kind, run.Alerts[1].Threshold!.Value));
    }

    [Fact]
    public void ChangePercent_WithoutAPointAtOrBeforeTMinusWindow_NeverFires_AndAGapUsesTheNewestOlderPoint()
    {
        var run = new Run(Rule("move", Btc, AlertKind.Change, 10, window: 5, cooldown: 0));
        // Minutes 0..4: no point at or before t − 5 yet, however large the move.
        run.Tick(Btc, 100);
        run.Tick(Btc, 200);
        run.Tick(Btc, 300);
        run.Tick(Btc, 400);
        run.Tick(Btc, 500);
        Assert.Empty(run.Alerts);

        // Minute 5: t − 5 = 0 → 100; 150 is +50 %: fires.
        Assert.Single(run.Tick(Btc, 150));

        // A gap: nothing at minutes 6..11, then minute 12 = 100. t − 5 = 7; the newest point at or before 7 is minute 5 (150):
        // 100/150 − 1 = −33 % → holds, but the previous evaluated point (minute 5) held too: no alert.
        for (var m = 6; m <= 11; m++) run.Tick();
        Assert.Empty(run.Tick(Btc, 100));
        // Minute 13 = 140: t − 5 = 8 → still minute 5 (150): −6.7 % → does not hold (re-arms). Minute 14 = 100: again −33 % → fires.
        Assert.Empty(run.Tick(Btc, 140));
        var alert = Assert.Single(run.Tick(Btc, 100));
        Assert.Equal(150, alert.Reference);
    }

    [Fact]
    public void SpreadPercent_OverTheMarketsThatMadeTheAggregate_OutliersExcluded()
    {
        var quality = new MarketQualityOptions { MaxDeviation = 0.05, MaxTickerAge = TimeSpan.FromMinutes(10) };
        var run = new Run(Rule("btc-spread", Btc, AlertKind.Spread, 1, cooldown: 0));
        IReadOnlyList<Alert> Minute(params (string Market, double Price)[] prices)
        {
            var fetches = prices.Select(p => new MarketFetch(p.Market, [new MarketQuote(new Quote(Btc, p.Price))])).ToList();
            return run.Tick([.. CrossMarketAggregate.Combine(fetches, run.Clock.GetUtcNow(), quality).Quotes]);
        }

        // (101 − 100) / 100 = 1 %: holds (≥). Its alert carries the lowest price and highest ÷ lowest.
        var alert = Assert.Single(Minute(("kraken", 100), ("binance", 101), ("coinbase", 100.5)));
        Assert.Equal((100.0, 1.01), (alert.Reference, Math.Round(alert.Ratio, 12)));
        Assert.Equal((100.5, "spread"), (alert.Value, alert.Kind));
        // 0.5 %: re-arms. Then bitstamp at 120 is an outlier (median 100.5, 19 % away) and does not count: 0.6 % → no alert.
        Assert.Empty(Minute(("kraken", 100), ("binance", 100.5)));
        Assert.Empty(Minute(("kraken", 100), ("binance", 100.6), ("coinbase", 100.5), ("bitstamp", 120)));
        // 2 % among the contributing markets: fires.
        Assert.Single(Minute(("kraken", 100), ("binance", 102), ("coinbase", 101)));
        // One market alone has no spread: the rule does not hold (and re-arms).
        Assert.Empty(Minute(("kraken", 100)));
        Assert.Equal([0, 3], run.Alerts.Select(MinuteOf));
    }

    [Fact]
    public void RuleAlertsAndSpikeAlertsOfTheSameMinute_HaveDistinctIds_AndARuleAlertDoesNotStartTheSpikeCooldown()
    {
        var run = new Run(Rule("vol-above-25", new MetricId("volume", "btcusd"), AlertKind.Above, 25));
        var volume = new MetricId("volume", "btcusd");
        for (var m = 0; m < 30; m++) run.Tick(volume, 10);

        var alerts = run.Tick(volume, 40); // 40 > 3 × 10 and > 25

        Assert.Equal(["volume:btcusd@20230310T0030Z", "volume:btcusd@20230310T0030Z~vol-above-25"], alerts.Select(a => a.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["spike", "vol-above-25"], alerts.Select(a => a.Rule).Order(StringComparer.Ordinal));
        Assert.Equal(3.0, alerts.Single(a => a.Rule == "spike").Threshold);
    }

    [Fact]
    public void Restart_AtEveryMinute_GivesExactlyTheAlertsOfTheUninterruptedRun()
    {
        var rules = new[]
        {
            Rule("below", Usdc, AlertKind.Below, 0.95, cooldown: 7),
            Rule("change", Usdc, AlertKind.Change, 4, window: 5, cooldown: 3),
            Rule("spread", Btc, AlertKind.Spread, 0.8, cooldown: 4),
        };
        // A wave on usdcusd dipping below 0.95 several times, and markets drifting apart and back on btcusd.
        var usdc = Enumerable.Range(0, 90).Select(m => 0.97 - 0.05 * Math.Sin(m / 4.0) * Math.Sin(m / 17.0)).ToArray();
        var quality = new MarketQualityOptions { MaxDeviation = 0.05, MaxTickerAge = TimeSpan.FromMinutes(10) };
        Quote[] QuotesAt(int m, DateTimeOffset t)
        {
            var spread = 1 + 0.012 * Math.Abs(Math.Sin(m / 6.0));
            var btc = CrossMarketAggregate.Combine(
                [new MarketFetch("kraken", [new MarketQuote(new Quote(Btc, 20_000))]), new MarketFetch("binance", [new MarketQuote(new Quote(Btc, 20_000 * spread))])],
                t, quality).Quotes;
            return [new Quote(Usdc, usdc[m]), .. btc];
        }

        var straight = new Run(rules);
        for (var m = 0; m < usdc.Length; m++) straight.Tick(QuotesAt(m, straight.Clock.GetUtcNow()));
        var expected = straight.Alerts.Select(a => a.Id).ToList();
        Assert.Contains(expected, id => id.EndsWith("~below", StringComparison.Ordinal));
        Assert.Contains(expected, id => id.EndsWith("~change", StringComparison.Ordinal));
        Assert.Contains(expected, id => id.EndsWith("~spread", StringComparison.Ordinal));

        for (var cut = 1; cut < usdc.Length; cut++)
        {
            var run = new Run(rules);
            for (var m = 0; m < usdc.Length; m++)
            {
                if (m == cut) run.Restart();
                run.Tick(QuotesAt(m, run.Clock.GetUtcNow()));
            }
            Assert.Equal(expected, run.Alerts.Select(a => a.Id).ToList());
        }
    }

    [Fact]
    public void Restart_RestoresHoldingAndCooldown_ForRulesAndSpikeSeparately()
    {
        var run = new Run(Rule("below", Usdc, AlertKind.Below, 0.95));
        run.Tick(Usdc, 0.9); // alert
        run.Restart();
        var state = Assert.Single(run.Metrics.Rules.States());
        Assert.True(state.Holding);
        Assert.Equal(Start, state.LastFired);
        Assert.Empty(run.Tick(Usdc, 0.9)); // still holding: no repeat
        run.Tick(Usdc, 1.0);               // re-arms
        Assert.Empty(run.Tick(Usdc, 0.9)); // within the 60 min cooldown, restored from the stored alert
    }

    [Theory]
    [InlineData("BTC-below", "price:btcusd", 1.0, null, null, "Tracker:Alerts:Rules:0:Name must be")]
    [InlineData("spike", "price:btcusd", 1.0, null, null, "Tracker:Alerts:Rules:0:Name 'spike' is the built-in rule's name")]
    [InlineData("ok", "btcusd", 1.0, null, null, "Tracker:Alerts:Rules:0:Metric must be a metric id")]
    [InlineData("ok", "price:btcusd", 1.0, 2.0, null, "Tracker:Alerts:Rules:0 must set exactly one of Above, Below, ChangePercent, SpreadPercent (got Above and Below)")]
    [InlineData("ok", "price:btcusd", null, null, null, "Tracker:Alerts:Rules:0 must set exactly one of Above, Below, ChangePercent, SpreadPercent (got none)")]
    [InlineData("ok", "price:btcusd", null, null, 0.0, "Tracker:Alerts:Rules:0:ChangePercent must be a positive number")]
    [InlineData("ok", "price:btcusd", null, null, -5.0, "Tracker:Alerts:Rules:0:ChangePercent must be a positive number")]
    public void Definitions_InvalidRule_StopsWithAMessageNamingTheKey(string name, string metric, double? above, double? below, double? change, string message)
    {
        var (rules, errors) = AlertRuleDefinitions.Parse([new AlertRuleOptions { Name = name, Metric = metric, Above = above, Below = below, ChangePercent = change }]);

        Assert.Empty(rules);
        Assert.Contains(errors, e => e.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Definitions_DuplicateNamesSpreadOnAMarketAndBadWindow_AreRefused_ValidOnesGetDefaults()
    {
        var (rules, errors) = AlertRuleDefinitions.Parse(
        [
            new AlertRuleOptions { Name = "a", Metric = "price:btcusd", Below = 80_000 },
            new AlertRuleOptions { Name = "a", Metric = "price:ethusd", Above = 5_000 },
            new AlertRuleOptions { Name = "s", Metric = "price:btcusd@kraken", SpreadPercent = 1 },
            new AlertRuleOptions { Name = "w", Metric = "price:btcusd", ChangePercent = 5, Window = 0 },
            new AlertRuleOptions { Name = "c", Metric = "price:btcusd@kraken", ChangePercent = 5 },
        ]);

        Assert.Equal(3, errors.Count);
        Assert.Contains("Tracker:Alerts:Rules:1:Name 'a' is used by an earlier rule; names must be unique.", errors);
        Assert.Contains("Tracker:Alerts:Rules:2:Metric must be an aggregate (type:symbol, without @market) for SpreadPercent.", errors);
        Assert.Contains("Tracker:Alerts:Rules:3:Window must be 1 to 1439 minutes.", errors);
        var c = rules.Single(r => r.Name == "c");
        Assert.Equal((TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(60), "change", "price:btcusd@kraken"), (((ChangeCondition)c.Condition).Window, c.Cooldown, c.Kind, c.Metric.ToString()));
    }
}
