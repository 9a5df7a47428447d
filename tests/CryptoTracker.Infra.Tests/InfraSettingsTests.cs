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
        Assert.Equal(new InfraSettings
        {
            Architecture = CpuArchitecture.X86_64,
            AdapterLayerVersion = 25,
            ThrottleScale = 1,
            ReserveCollectorConcurrency = true,
            PlaceholderCode = false,
        }, settings);
    }

    [Fact]
    public void JsonTypedValues_FromCdkJson_AreRead()
    {
        var settings = Read(new()
        {
            ["destroyData"] = true, ["throttleScale"] = 2.5, ["adapterLayerVersion"] = 26, ["reserveCollectorConcurrency"] = false,
        });
        Assert.True(settings.DestroyData);
        Assert.Equal(2.5, settings.ThrottleScale);
        Assert.Equal(26, settings.AdapterLayerVersion);
        Assert.False(settings.ReserveCollectorConcurrency);
    }

    [Theory]
    [InlineData("arm64", "linux-arm64", "LambdaAdapterLayerArm64")]
    [InlineData("ARM64", "linux-arm64", "LambdaAdapterLayerArm64")]
    [InlineData("x86_64", "linux-x64", "LambdaAdapterLayerX86")]
    public void Arch_PicksRuntimeIdentifierAndLayerTogether(string arch, string rid, string layer)
    {
        var settings = Read(new() { ["arch"] = arch });
        Assert.Equal(rid, settings.Architecture.RuntimeIdentifier);
        Assert.Equal(layer, settings.Architecture.AdapterLayerName);
    }

    [Fact]
    public void EmptyEmail_MeansNoSubscription()
    {
        Assert.Null(Read(new() { ["alertEmail"] = "  " }).AlertEmail);
    }

    [Theory]
    [InlineData("throttleScale", "fast")]
    [InlineData("throttleScale", "0")]
    [InlineData("throttleScale", "-5")]
    [InlineData("adapterLayerVersion", "25.5")]
    [InlineData("adapterLayerVersion", "latest")]
    [InlineData("arch", "x64")]
    [InlineData("placeholderCode", "yes")]
    [InlineData("reserveCollectorConcurrency", "1")]
    public void UnreadableValue_FailsSynthesisWithTheKeyName(string key, string value)
    {
        var error = Assert.ThrowsAny<Exception>(() => Read(new() { [key] = value }));
        Assert.Contains(key, error.Message);
    }
}
