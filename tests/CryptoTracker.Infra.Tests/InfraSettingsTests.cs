using Amazon.CDK;

namespace CryptoTracker.Infra.Tests;

[Collection(SynthesizedStacks.Name)]
public sealed class InfraSettingsTests
{
    private static InfraSettings Read(Dictionary<string, object> context) =>
        InfraSettings.FromContext(new App(new AppProps { Context = context }));

    [Fact]
    public void NoContext_GivesTheDefaults()
    {
        var settings = Read([]);
        Assert.Equal(new InfraSettings { ThrottleRate = 50, ThrottleBurst = 100 }, settings);
    }

    [Fact]
    public void JsonTypedValues_FromCdkJson_AreRead()
    {
        var settings = Read(new() { ["destroyData"] = true, ["throttleRate"] = 7.5, ["throttleBurst"] = 20 });
        Assert.True(settings.DestroyData);
        Assert.Equal(7.5, settings.ThrottleRate);
        Assert.Equal(20, settings.ThrottleBurst);
    }

    [Fact]
    public void EmptyEmail_MeansNoSubscription()
    {
        Assert.Null(Read(new() { ["alertEmail"] = "  " }).AlertEmail);
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("0")]
    [InlineData("-5")]
    public void NonPositiveOrNonNumericThrottle_FailsSynthesisWithTheKeyName(string value)
    {
        var error = Assert.ThrowsAny<Exception>(() => Read(new() { ["throttleRate"] = value }));
        Assert.Contains("throttleRate", error.Message);
    }
}

[Collection(SynthesizedStacks.Name)]
public sealed class AlertRulesContextTests(DefaultStack defaults, ConfiguredStack configured)
{
    private static IReadOnlyDictionary<string, string> Read(object value) =>
        AlertRulesContext.Environment(new App(new AppProps { Context = new Dictionary<string, object> { [AlertRulesContext.Key] = value } }));

    [Fact]
    public void RulesFromTheCommandLine_BecomeTheAppsRuleSettings_OnCollectorApiAndSubscriptions()
    {
        foreach (var role in new[] { "collector", "api", "subscriptions" })
        {
            var env = configured.Environment(role);
            Assert.Equal("btc-below-80k", env["Tracker__Alerts__Rules__0__Name"]);
            Assert.Equal("price:btcusd", env["Tracker__Alerts__Rules__0__Metric"]);
            Assert.Equal("80000", env["Tracker__Alerts__Rules__0__Below"]);
            Assert.Equal("5", env["Tracker__Alerts__Rules__1__ChangePercent"]);
            Assert.Equal("30", env["Tracker__Alerts__Rules__1__Window"]);
        }
        Assert.DoesNotContain(defaults.Environment("collector").Keys, k => k.StartsWith("Tracker__Alerts__Rules", StringComparison.Ordinal));
    }

    [Fact]
    public void RulesAsAJsonArrayInCdkJson_AreReadToo()
    {
        var env = Read(new object[] { new Dictionary<string, object> { ["Name"] = "usdc-below-95c", ["Metric"] = "price:usdcusd", ["Below"] = 0.95 } });
        Assert.Equal(new Dictionary<string, string>
        {
            ["Tracker__Alerts__Rules__0__Below"] = "0.95",
            ["Tracker__Alerts__Rules__0__Metric"] = "price:usdcusd",
            ["Tracker__Alerts__Rules__0__Name"] = "usdc-below-95c",
        }, env);
    }

    [Theory]
    [InlineData("{\"Name\":\"x\"}")]
    [InlineData("[{\"Nmae\":\"x\"}]")]
    [InlineData("[{\"Name\":{\"a\":1}}]")]
    [InlineData("[not json")]
    public void AMalformedRuleList_FailsSynthesisNamingTheContextKey(string value)
    {
        var error = Assert.ThrowsAny<Exception>(() => Read(value));
        Assert.Contains("alertRules", error.Message);
    }
}
