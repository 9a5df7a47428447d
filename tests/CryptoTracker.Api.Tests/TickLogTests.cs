using CryptoTracker.Api.Collecting;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Testing;
using Microsoft.Extensions.Logging;

namespace CryptoTracker.Api.Tests;

/// <summary>The log line of an alert says what held, in the words every channel uses; a rule alert never gets spike wording.</summary>
public sealed class TickLogTests
{
    private static readonly DateTimeOffset T = new(2023, 3, 11, 3, 0, 0, TimeSpan.Zero);

    private static string Logged(Alert alert)
    {
        var logs = new LogCapture();
        TickLog.Alerts(new LoggerFactory([logs]).CreateLogger("test"), [alert]);
        return logs.Text;
    }

    [Fact]
    public void ARuleAlert_IsLoggedWithItsCondition_NotAsASpike()
    {
        var metric = new MetricId("price", "usdcusd");
        var text = Logged(new Alert(TestAlerts.Id(metric, T, "usdc-low"), metric, T, 0.9312, 0.95, 0.9312 / 0.95)
            { Rule = "usdc-low", Kind = "below", Threshold = 0.95 });

        Assert.Contains("ALERT price:usdcusd below 0.95, now 0.9312 [usdc-low] at 2023-03-11 03:00:00Z (price:usdcusd@20230311T0300Z~usdc-low)", text);
        Assert.DoesNotContain("average", text);
    }

    [Fact]
    public void ASpikeAlert_IsLoggedWithItsRatioToTheHourMean()
    {
        var metric = new MetricId("volume", "btcusd");
        var text = Logged(TestAlerts.Spike(metric, T, 12.5, 2.5) with { Threshold = 3 });

        Assert.Contains("ALERT volume:btcusd at 5x its last-hour average, now 12.5 [spike] at 2023-03-11 03:00:00Z (volume:btcusd@20230311T0300Z)", text);
    }
}
