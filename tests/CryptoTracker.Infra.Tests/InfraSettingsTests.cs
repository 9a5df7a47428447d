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
