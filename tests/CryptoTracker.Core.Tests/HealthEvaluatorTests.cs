using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Health;
using CryptoTracker.Core.Ports;

namespace CryptoTracker.Core.Tests;

/// <summary>Health's rules for the alert channels: a failing receiver or publisher degrades health with a reason naming it.</summary>
public sealed class HealthEvaluatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
    private static readonly CollectorHealth Collecting = new(new CollectorStatus(T0, T0, 4, new SourceStatus("kraken", T0, null, null, 0, 0), null), null, null, 0, 0);

    private static HealthReport Evaluate(PublisherHealth? publisher, params (string, PublisherHealth)[] receivers) =>
        HealthEvaluator.Evaluate(new HealthFacts(T0.AddSeconds(30), Collecting, null, publisher, null, TimeSpan.FromMinutes(3), false, receivers));

    [Fact]
    public void AFailingReceiver_DegradesHealth_NamingItWithItsBacklog_WhileTheOthersAreOk()
    {
        var ok = new PublisherHealth(T0, T0, null, null, 0, 0, 12);
        var failing = new PublisherHealth(T0, T0.AddHours(-1), "NetworkError: connection failed", T0, 3, 2, 5);
        var fresh = new PublisherHealth(null, null, null, null, 0, 0, 0);

        var report = Evaluate(ok, ("team", ok), ("phone", failing), ("later", fresh));

        Assert.Equal("degraded", report.Status);
        Assert.Equal(["receiver phone failing (3× in a row, 2 alerts waiting): NetworkError: connection failed"], report.Reasons);
        Assert.Equal(["ok", "failing", "unknown"], new[] { ok, failing, fresh }.Select(HealthEvaluator.ChannelState));
        Assert.True(Evaluate(ok, ("team", ok), ("later", fresh)).IsOk);
    }

    [Fact]
    public void ASourceThatAnsweredItsLatestMinuteInPart_DegradesHealth_SayingWhatWasMissing()
    {
        var partial = new PartialAnswer("kraken", T0, "volume1m", 3, 12, "HTTP 500");

        var report = HealthEvaluator.Evaluate(new HealthFacts(T0.AddSeconds(30), Collecting, null, null, null, TimeSpan.FromMinutes(3), false, null, [partial]));

        Assert.Equal("degraded", report.Status);
        Assert.Equal(["source kraken answered in part at 2026-01-05 10:00:00Z: no volume1m for 3 of 12 pairs (HTTP 500)"], report.Reasons);
    }
}
