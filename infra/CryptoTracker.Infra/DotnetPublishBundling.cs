using System.ComponentModel;
using System.Diagnostics;
using Amazon.CDK;
using Amazon.JSII.Runtime.Deputy;

namespace CryptoTracker.Infra;

/// <summary>
/// Builds the Lambda artifact during synthesis with the local .NET SDK. Returns false (so CDK falls back to the
/// .NET SDK container) only when no <c>dotnet</c> can be started; a publish that fails stops synthesis, because
/// the container would fail the same way and a broken build must never be deployed.
/// </summary>
public sealed class DotnetPublishBundling(string repositoryRoot, CpuArchitecture architecture) : DeputyBase, ILocalBundling
{
    public bool TryBundle(string outputDir, IBundlingOptions options)
    {
        var project = Path.Combine(repositoryRoot, AppPublish.ProjectPath);
        if (!Directory.Exists(project))
        {
            throw new InvalidOperationException(
                $"Cannot build the Lambda artifact: {project} does not exist. Run cdk from a checkout of the repository, " +
                "or pass -c placeholderCode=true to synthesize a template that cannot run.");
        }

        var started = Stopwatch.StartNew();
        Console.Error.WriteLine($"Building the Lambda artifact ({architecture.RuntimeIdentifier}, ReadyToRun) with the local .NET SDK…");
        int exitCode;
        try
        {
            exitCode = Run("dotnet", AppPublish.PublishArguments(project, architecture, outputDir));
        }
        catch (Win32Exception)
        {
            Console.Error.WriteLine("No local .NET SDK (dotnet could not be started): building in the .NET SDK container instead.");
            return false;
        }

        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"dotnet publish failed with exit code {exitCode} (output above): nothing is deployed from a broken build.");
        }

        var appHost = Path.Combine(outputDir, AppPublish.AppHost);
        if (!File.Exists(appHost))
        {
            throw new InvalidOperationException($"dotnet publish succeeded but left no app host at {appHost}.");
        }

        var runScript = Path.Combine(outputDir, AppPublish.RunScriptName);
        File.WriteAllText(runScript, AppPublish.RunScript);
        if (!OperatingSystem.IsWindows())
        {
            const UnixFileMode executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                            UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
                                            UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
            File.SetUnixFileMode(runScript, executable);
            File.SetUnixFileMode(appHost, executable);
        }

        Console.Error.WriteLine($"Lambda artifact built in {started.Elapsed.TotalSeconds:0} s.");
        return true;
    }

    /// <summary>Runs a process with its output on stderr (the CDK CLI shows the app's stderr; stdout stays clean).</summary>
    private static int Run(string fileName, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new Win32Exception($"{fileName} could not be started.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        return process.ExitCode;
    }
}
