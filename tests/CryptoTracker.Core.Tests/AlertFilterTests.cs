using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Testing;

namespace CryptoTracker.Core.Tests;

public sealed class AlertFilterTests
{
    private static readonly MetricId Btc = new("price", "btcusd");
    private static readonly DateTimeOffset T = new(2023, 3, 11, 4, 34, 0, TimeSpan.Zero);

    // A spike of 4× the hour's mean, a weak spike of 3.2×, and a rule alert 0.5 % under its 80,000 level (ratio 0.995).
    private static readonly Alert Spike = TestAlerts.Spike(Btc, T, 400, 100);
    private static readonly Alert WeakSpike = TestAlerts.Spike(Btc, T.AddMinutes(1), 320, 100);
    private static readonly Alert Below = new(TestAlerts.Id(Btc, T, "btc-below-80k"), Btc, T, 79_600, 80_000, 79_600 / 80_000.0)
    {
        Rule = "btc-below-80k", Kind = "below", Threshold = 80_000,
    };

    [Fact]
    public void MinRatio_HoldsSpikeAlertsToIt_ButNotRuleAlerts()
    {
        var filter = new AlertFilter(null, minRatio: 3.5);

        Assert.True(filter.Matches(Spike));
        Assert.False(filter.Matches(WeakSpike));
        Assert.True(filter.Matches(Below));
    }

    [Fact]
    public void Rules_KeepOnlyTheNamedRules_SpikeIncluded()
    {
        Assert.False(new AlertFilter(null, null, ["btc-below-80k"]).Matches(Spike));
        Assert.True(new AlertFilter(null, null, ["btc-below-80k"]).Matches(Below));
        Assert.True(new AlertFilter(null, null, ["spike"]).Matches(Spike));
        Assert.False(new AlertFilter(null, null, ["spike"]).Matches(Below));
        Assert.True(new AlertFilter(null, null, []).Matches(Below));
    }

    [Fact]
    public void MetricsAndRules_MustBothMatch()
    {
        var filter = new AlertFilter(["volume:*"], null, ["btc-below-80k"]);

        Assert.False(filter.Matches(Below));
    }
}
