using Amazon.CDK;
using Amazon.CDK.Assertions;

namespace CryptoTracker.Infra.Tests;

/// <summary>
/// `cdk deploy` builds what it deploys: the functions' code is a bundled asset built by <c>dotnet publish</c> during
/// synthesis, a failed build stops synthesis, and only the explicit placeholderCode flag ships a stand-in.
/// The build runs here on a tiny stand-in project (seconds) instead of the app (a minute); the real app's build is
/// exercised by the offline `cdk synth` of scripts/test.sh.
/// </summary>
[Collection(SynthesizedStacks.Name)]
public sealed class AppCodeTests(DefaultStack placeholderStack) : IDisposable
{
    private readonly DirectoryInfo _repo = Directory.CreateTempSubdirectory("cryptotracker-repo-");
    private readonly DirectoryInfo _outdir = Directory.CreateTempSubdirectory("cdk-test-");

    public void Dispose()
    {
        _repo.Delete(recursive: true);
        _outdir.Delete(recursive: true);
    }

    private string WriteProject(string programText)
    {
        var project = Directory.CreateDirectory(Path.Combine(_repo.FullName, "src", "CryptoTracker.Api"));
        File.WriteAllText(Path.Combine(project.FullName, "CryptoTracker.Api.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project.FullName, "Program.cs"), programText);
        return project.FullName;
    }

    /// <summary>Synthesizes the stack from <see cref="_repo"/> without the placeholder flag; returns the cloud assembly directory.</summary>
    private string SynthesizeFromTheRepository(Dictionary<string, object>? context = null)
    {
        var app = new App(new AppProps { Context = context ?? [], Outdir = _outdir.FullName });
        _ = new CryptoTrackerStack(app, "CryptoTracker", repositoryRoot: _repo.FullName);
        return app.Synth().Directory;
    }

    [Fact]
    public void WithoutThePlaceholderFlag_AMissingProject_IsASynthError()
    {
        var error = Assert.ThrowsAny<Exception>(() => SynthesizeFromTheRepository());
        Assert.Contains("Cannot build the Lambda artifact", error.Message);
    }

    [Fact]
    public void WithoutThePlaceholderFlag_AProjectThatDoesNotCompile_IsASynthError()
    {
        WriteProject("this is not C#");

        var error = Assert.ThrowsAny<Exception>(() => SynthesizeFromTheRepository());

        Assert.Contains("dotnet publish failed", error.Message);
    }

    [Fact]
    public void WithoutThePlaceholderFlag_TheAssetIsTheFreshPublish_WithItsRunScript()
    {
        WriteProject("Console.WriteLine(\"fresh build\");");

        var assembly = SynthesizeFromTheRepository();

        // One bundled asset, shared by the three functions: the publish output plus run.sh.
        var assets = Directory.GetDirectories(assembly, "asset.*");
        var asset = Assert.Single(assets);
        Assert.Equal(AppPublish.RunScript, File.ReadAllText(Path.Combine(asset, "run.sh")));
        Assert.True(File.Exists(Path.Combine(asset, "CryptoTracker.Api")));
        Assert.True(File.Exists(Path.Combine(asset, "CryptoTracker.Api.dll")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(Path.Combine(asset, "run.sh")).HasFlag(UnixFileMode.UserExecute));
            Assert.True(File.GetUnixFileMode(Path.Combine(asset, "CryptoTracker.Api")).HasFlag(UnixFileMode.UserExecute));
        }

        // Built for linux-x64: the runtime config names the framework, the deps file the runtime identifier.
        Assert.Contains("linux-x64", File.ReadAllText(Path.Combine(asset, "CryptoTracker.Api.deps.json")));
        var template = File.ReadAllText(Path.Combine(assembly, "CryptoTracker.template.json"));
        Assert.Contains(Path.GetFileName(asset)["asset.".Length..], template);
    }

    [Fact]
    public void PlaceholderFlag_ShipsAStandInThatFails_AndWarns()
    {
        Amazon.CDK.Assertions.Annotations.FromStack(placeholderStack.Stack).HasWarning("*", Match.StringLikeRegexp(".*placeholderCode=true.*Do not deploy.*"));
        Assert.StartsWith("#!/bin/bash\n", AppCode.PlaceholderRunScript);
        Assert.EndsWith("exit 1\n", AppCode.PlaceholderRunScript);
    }

    [Theory]
    [InlineData("x86_64", "linux-x64")]
    [InlineData("arm64", "linux-arm64")]
    public void PublishCommand_IsReleaseReadyToRunForTheArchitecture(string arch, string rid)
    {
        var architecture = CpuArchitecture.Parse(arch)!;
        Assert.Equal(
            ["publish", "src/CryptoTracker.Api", "-c", "Release", "-r", rid, "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", "/out"],
            AppPublish.PublishArguments("src/CryptoTracker.Api", architecture, "/out"));
    }

    [Theory]
    [InlineData("x86_64", "linux-x64")]
    [InlineData("arm64", "linux-arm64")]
    public void DockerFallback_RunsTheSamePublish_InTheDotnetSdkImage(string arch, string rid)
    {
        var command = AppPublish.DockerCommand(CpuArchitecture.Parse(arch)!);
        Assert.Equal("bash", command[0]);
        Assert.Contains($"dotnet publish src/CryptoTracker.Api -c Release -r {rid} --self-contained false -p:PublishReadyToRun=true -o /asset-output", command[2]);
        Assert.Contains("/asset-output/run.sh", command[2]);
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", AppPublish.SdkImage);
    }
}
