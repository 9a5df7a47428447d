namespace CryptoTracker.Infra;

/// <summary>
/// How the one Lambda artifact is built: <c>dotnet publish</c> of the web app, framework-dependent (the dotnet10
/// runtime supplies .NET) and ReadyToRun (less JIT on cold start), plus the <c>run.sh</c> handler the Web Adapter
/// starts. The same steps run on the developer's machine (<see cref="DotnetPublishBundling"/>) and, without a local
/// .NET SDK, in the .NET SDK container (<see cref="DockerCommand"/>).
/// </summary>
public static class AppPublish
{
    /// <summary>The web app, relative to the repository root.</summary>
    public const string ProjectPath = "src/CryptoTracker.Api";

    /// <summary>The app host the publish produces; run.sh executes it.</summary>
    public const string AppHost = "CryptoTracker.Api";

    public const string RunScriptName = "run.sh";

    /// <summary>The Lambda handler: the Web Adapter (AWS_LAMBDA_EXEC_WRAPPER=/opt/bootstrap) runs it and waits for the app's readiness check.</summary>
    public const string RunScript = "#!/bin/bash\nexec ./" + AppHost + "\n";

    /// <summary>The image of the Docker fallback: the .NET SDK that matches global.json's major version.</summary>
    public const string SdkImage = "mcr.microsoft.com/dotnet/sdk:10.0";

    /// <summary>Arguments of <c>dotnet</c> that publish the app for <paramref name="architecture"/> into <paramref name="outputDir"/>.</summary>
    public static IReadOnlyList<string> PublishArguments(string projectPath, CpuArchitecture architecture, string outputDir) =>
    [
        "publish", projectPath,
        "-c", "Release",
        "-r", architecture.RuntimeIdentifier,
        "--self-contained", "false",
        "-p:PublishReadyToRun=true",
        "-o", outputDir,
    ];

    /// <summary>
    /// The container's command. The source is copied out of the mount first, so the container's restore never
    /// overwrites the host's obj/ folders; the dashboard must have been built on the host (the SDK image has no Node).
    /// </summary>
    public static IReadOnlyList<string> DockerCommand(CpuArchitecture architecture)
    {
        var publish = string.Join(' ', PublishArguments(ProjectPath, architecture, "/asset-output")) + " -p:SkipDashboardBuild=true";
        var script = string.Join(" && ",
            "set -e",
            "mkdir -p /tmp/src",
            "tar -C /asset-input --exclude=./node_modules --exclude=./.git --exclude='*/bin' --exclude='*/obj' -cf - . | tar -C /tmp/src -xf -",
            "cd /tmp/src",
            $"test -f {ProjectPath}/wwwroot/index.html || {{ echo 'The dashboard is not built: run npm ci and npm run build:dashboard first.' >&2; exit 1; }}",
            $"dotnet {publish}",
            $"printf '#!/bin/bash\\nexec ./{AppHost}\\n' > /asset-output/{RunScriptName}",
            $"chmod 755 /asset-output/{RunScriptName} /asset-output/{AppHost}");
        return ["bash", "-c", script];
    }
}
