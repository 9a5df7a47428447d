namespace CryptoTracker.Infra.Tests;

public sealed class LambdaArtifactTests : IDisposable
{
    private readonly DirectoryInfo _repo = Directory.CreateTempSubdirectory("cryptotracker-repo-");

    public LambdaArtifactTests() => File.WriteAllText(Path.Combine(_repo.FullName, "cdk.json"), "{}");

    public void Dispose() => _repo.Delete(recursive: true);

    [Fact]
    public void PublishedArtifact_AtTheRepositoryRoot_IsUsed_FromAnySubdirectory()
    {
        var published = Directory.CreateDirectory(Path.Combine(_repo.FullName, "artifacts", "lambda"));
        var deep = Directory.CreateDirectory(Path.Combine(_repo.FullName, "tests", "bin", "Debug"));

        var artifact = LambdaArtifact.Resolve(configuredPath: null, deep.FullName);

        Assert.False(artifact.IsPlaceholder);
        Assert.Equal(published.FullName, artifact.Directory);
    }

    [Fact]
    public void ConfiguredRelativePath_IsTakenFromTheRepositoryRoot()
    {
        var custom = Directory.CreateDirectory(Path.Combine(_repo.FullName, "out", "fn"));

        var artifact = LambdaArtifact.Resolve("out/fn", _repo.FullName);

        Assert.Equal(custom.FullName, artifact.Directory);
    }

    [Fact]
    public void MissingArtifact_FallsBackToAPlaceholder_WithAnExecutableRunScriptThatFails()
    {
        var artifact = LambdaArtifact.Resolve(configuredPath: null, _repo.FullName);

        Assert.True(artifact.IsPlaceholder);
        Assert.StartsWith(Path.GetTempPath(), artifact.Directory);
        var runScript = Path.Combine(artifact.Directory, "run.sh");
        var text = File.ReadAllText(runScript);
        Assert.StartsWith("#!/bin/bash\n", text);
        Assert.Contains("exit 1", text);
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(runScript).HasFlag(UnixFileMode.UserExecute));
        }
    }
}
