namespace CryptoTracker.Infra;

/// <summary>
/// Finds the published app (scripts/package-lambda.sh writes it to artifacts/lambda). When it is
/// missing — unit tests, a CI synth without a publish — a placeholder keeps synthesis working; the
/// stack then carries a warning, and the placeholder's run.sh fails loudly if it is ever deployed.
/// </summary>
public sealed record LambdaArtifact(string Directory, bool IsPlaceholder)
{
    public const string DefaultRelativePath = "artifacts/lambda";

    public const string PlaceholderRunScript =
        "#!/bin/bash\n" +
        "echo 'CryptoTracker placeholder artifact: run scripts/package-lambda.sh before deploying.' >&2\n" +
        "exit 1\n";

    /// <param name="configuredPath">Context value <c>artifactPath</c>; relative paths are taken from the repository root.</param>
    /// <param name="startDirectory">Where to start looking for the repository root (cdk runs the app from it).</param>
    public static LambdaArtifact Resolve(string? configuredPath, string startDirectory)
    {
        var root = FindRepositoryRoot(startDirectory) ?? startDirectory;
        var path = Path.GetFullPath(configuredPath ?? DefaultRelativePath, root);
        return System.IO.Directory.Exists(path)
            ? new LambdaArtifact(path, IsPlaceholder: false)
            : new LambdaArtifact(CreatePlaceholder(), IsPlaceholder: true);
    }

    private static string? FindRepositoryRoot(string startDirectory)
    {
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "cdk.json")) ||
                File.Exists(Path.Combine(dir.FullName, "CryptoTracker.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static string CreatePlaceholder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "cryptotracker-lambda-placeholder");
        System.IO.Directory.CreateDirectory(dir);
        var runScript = Path.Combine(dir, "run.sh");

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
