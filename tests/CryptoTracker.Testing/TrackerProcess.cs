using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CryptoTracker.Testing;

/// <summary>
/// The tracker started the way a user starts it: `dotnet CryptoTracker.Api.dll --Tracker:…` on a loopback port, in its own
/// working directory. Tests talk to it over real HTTP.
/// </summary>
public sealed partial class TrackerProcess : ITrackerHost, IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string WorkDir { get; }
    public HttpClient Http { get; private set; } = null!;
    public string Output { get { lock (_output) return _output.ToString(); } }

    public static string ApiDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            return Path.Combine(SharedData.RepoRoot, "src", "CryptoTracker.Api", "bin", configuration, "net10.0", "CryptoTracker.Api.dll");
        }
    }

    private TrackerProcess(string workDir, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        WorkDir = workDir;
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(ApiDll);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Exited += (_, _) => _listening.TrySetException(new InvalidOperationException("The tracker exited before listening:\n" + Output));
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (ListeningLine().Match(line) is { Success: true } m) _listening.TrySetResult(new Uri(m.Groups[1].Value));
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();

    public static Task<TrackerProcess> StartAsync(params string[] args) => LaunchAsync([.. args, "--urls", "http://127.0.0.1:0"], null);

    /// <summary>Command-line settings plus extra environment variables (e.g. AWS credentials for a local SNS).</summary>
    public static Task<TrackerProcess> StartAsync(string[] args, IReadOnlyDictionary<string, string> environment) =>
        LaunchAsync([.. args, "--urls", "http://127.0.0.1:0"], environment);

    /// <summary>Starts with settings from the environment only (as the Lambda Web Adapter does), listening on ASPNETCORE_URLS.</summary>
    public static Task<TrackerProcess> StartWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment) =>
        LaunchAsync([], new Dictionary<string, string>(environment) { ["ASPNETCORE_URLS"] = "http://127.0.0.1:0" });

    private static async Task<TrackerProcess> LaunchAsync(string[] args, IReadOnlyDictionary<string, string>? environment)
    {
        var workDir = Directory.CreateTempSubdirectory("tracker-test-").FullName;
        var p = new TrackerProcess(workDir, args, environment);
        p._process.Start();
        p._process.BeginOutputReadLine();
        p._process.BeginErrorReadLine();
        var address = await p._listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        p.Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        return p;
    }

    /// <summary>Runs the app to completion (for start-up failures): exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(params string[] args)
    {
        var workDir = Directory.CreateTempSubdirectory("tracker-test-").FullName;
        await using var p = new TrackerProcess(workDir, args);
        p._process.Start();
        p._process.BeginOutputReadLine();
        p._process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p._process.WaitForExitAsync(cts.Token);
        p._process.WaitForExit(); // flush the output events
        return (p._process.ExitCode, p.Output);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} → {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<JsonElement> WaitForReplayAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        while (DateTime.UtcNow < deadline)
        {
            var health = await GetJsonAsync("/v1/health");
            if (health.TryGetProperty("replayFinished", out var done) && done.GetBoolean()) return health;
            await Task.Delay(100);
        }
        throw new TimeoutException("The replay did not finish:\n" + Output);
    }

    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        await StopAsync();
        _process.Dispose();
        try { Directory.Delete(WorkDir, recursive: true); } catch (IOException) { }
    }
}
