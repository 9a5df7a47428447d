using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;

namespace CryptoTracker.Infra;

/// <summary>
/// The functions' code. By default it is built during synthesis (asset bundling: the local .NET SDK, else the .NET
/// SDK container), so <c>cdk deploy</c> always ships what is checked out and a build that fails stops the deploy.
/// Only the explicit <c>placeholderCode</c> flag swaps in a stand-in whose run.sh exits 1.
/// </summary>
public static class AppCode
{
    public const string PlaceholderRunScript =
        "#!/bin/bash\n" +
        "echo 'CryptoTracker placeholder code (synthesized with -c placeholderCode=true): this function cannot run.' >&2\n" +
        "exit 1\n";

    /// <summary>
    /// What the source hash ignores: generated and local-only files, and the parts of the repository the app is not
    /// built from (tests, docs, this CDK app). The asset is rebuilt when anything else under the repository root
    /// changes — sources, build files, package locks — and reused (no publish) when nothing did.
    /// </summary>
    public static readonly string[] SourceExcludes =
    [
        ".git", "node_modules", "cdk.out", "artifacts", "**/bin", "**/obj", "**/TestResults", "**/BenchmarkDotNet.Artifacts",
        "src/CryptoTracker.Api/wwwroot", "*.db", "*.db-wal", "*.db-shm",
        "tests", "docs", "bench", "samples", "infra", "scripts", ".ci", "*.md", "LICENSE",
    ];

    public static Code Create(Stack stack, InfraSettings settings, string repositoryRoot)
    {
        if (settings.PlaceholderCode)
        {
            Annotations.Of(stack).AddWarning(
                "placeholderCode=true: the functions get a stand-in whose run.sh exits 1. Do not deploy this template.");
            return Code.FromAsset(CreatePlaceholder());
        }

        return Code.FromAsset(repositoryRoot, new Amazon.CDK.AWS.S3.Assets.AssetOptions
        {
            Exclude = SourceExcludes,
            AssetHashType = AssetHashType.SOURCE,
            Bundling = new BundlingOptions
            {
                Local = new DotnetPublishBundling(repositoryRoot, settings.Architecture),
                Image = DockerImage.FromRegistry(AppPublish.SdkImage),
                Command = [.. AppPublish.DockerCommand(settings.Architecture)],
                Environment = new Dictionary<string, string>
                {
                    // CDK runs the container as the current user, whose home is not writable there.
                    ["HOME"] = "/tmp",
                    ["DOTNET_CLI_HOME"] = "/tmp",
                    ["NUGET_PACKAGES"] = "/tmp/nuget",
                    ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                },
            },
        });
    }

    /// <summary>The repository root: the nearest directory above <paramref name="startDirectory"/> holding cdk.json.</summary>
    public static string FindRepositoryRoot(string startDirectory)
    {
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "cdk.json")))
            {
                return dir.FullName;
            }
        }

        return startDirectory;
    }

    private static string CreatePlaceholder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "cryptotracker-lambda-placeholder");
        Directory.CreateDirectory(dir);
        var runScript = Path.Combine(dir, AppPublish.RunScriptName);

        // Same bytes every time, so the asset hash (and the synthesized template) stays stable.
        if (!File.Exists(runScript) || File.ReadAllText(runScript) != PlaceholderRunScript)
        {
            File.WriteAllText(runScript, PlaceholderRunScript);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(runScript,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
                UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        return dir;
    }
}
