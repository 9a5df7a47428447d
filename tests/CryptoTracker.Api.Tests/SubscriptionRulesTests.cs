using CryptoTracker.Api.Subscriptions;
using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Testing;

namespace CryptoTracker.Api.Tests;

/// <summary>The few words the Get alerts panel shows beside each rule's checkbox.</summary>
public sealed class SubscriptionRulesTests
{
    private static AlertRule Rule(string kind, double threshold, int windowMinutes = 60) =>
        TestRules.Of("r", new MetricId("price", "btcusd"), kind, threshold, windowMinutes);

    [Theory]
    [InlineData(AlertKind.Above, 100000, 60, "price:btcusd above 100000")]
    [InlineData(AlertKind.Below, 0.95, 60, "price:btcusd below 0.95")]
    [InlineData(AlertKind.Change, 5, 30, "price:btcusd moves 5% or more within 30 min")]
    [InlineData(AlertKind.Spread, 0.5, 60, "price:btcusd: markets 0.5% or more apart")]
    public void Describe_SaysTheConditionInAFewWords(string kind, double threshold, int window, string expected) =>
        Assert.Equal(expected, SubscriptionRules.Describe(Rule(kind, threshold, window)));

    [Fact]
    public void Choices_PutSpikeFirst_WithItsSettings_ThenTheRulesInTheirOrder()
    {
        var book = new RuleBook([AlertRule.Spike(2.5, TimeSpan.FromMinutes(90)), Rule(AlertKind.Below, 80000) with { Name = "btc-below-80k" }, Rule(AlertKind.Above, 1) with { Name = "a-first-by-name" }]);

        var choices = SubscriptionRules.Choices(book);

        Assert.Equal(
            [
                new RuleChoice("spike", "any metric above 2.5x its average of the last 90 min"),
                new RuleChoice("btc-below-80k", "price:btcusd below 80000"),
                new RuleChoice("a-first-by-name", "price:btcusd above 1"),
            ], choices);
    }
}
