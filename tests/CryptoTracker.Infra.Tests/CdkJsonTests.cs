using System.Text.Json.Nodes;

namespace CryptoTracker.Infra.Tests;

/// <summary>cdk.json is what `npx cdk synth` reads; its defaults must agree with the code's.</summary>
public sealed class CdkJsonTests
{
    private static JsonObject ReadCdkJson()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "cdk.json");
            if (File.Exists(path))
            {
                return JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            }
        }

        throw new FileNotFoundException("cdk.json not found above the test output directory.");
    }

    [Fact]
    public void CdkJson_RunsTheInfraProject()
    {
        Assert.Equal("dotnet run --project infra/CryptoTracker.Infra", (string?)ReadCdkJson()["app"]);
    }

    [Fact]
    public void CdkJson_Defaults_MatchTheDocumentedOnes()
    {
        var context = ReadCdkJson()["context"]!;
        Assert.False((bool)context["destroyData"]!);
        Assert.Equal("x86_64", (string?)context["arch"]);
        Assert.Equal(25, (int)context["adapterLayerVersion"]!);
        Assert.Equal(1, (double)context["throttleScale"]!);
        Assert.True((bool)context["reserveCollectorConcurrency"]!);
        Assert.Null(context["alertEmail"]);
        Assert.Null(context["opsEmail"]);
    }

    [Fact]
    public void CdkJson_NeverDeploysThePlaceholder()
    {
        Assert.Null(ReadCdkJson()["context"]!["placeholderCode"]);
    }
}
