using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace CryptoTracker.Sns.Tests;

/// <summary>The tracker in-process on Kestrel (127.0.0.1, a free port), configured like the command line would.</summary>
public sealed class TrackerApp : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public TrackerApp(IReadOnlyDictionary<string, string?> settings)
    {
        _settings = settings;
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    public string SqlitePath => _settings["Tracker:Sqlite:Path"]!;

    /// <summary>Service replacements applied after the app's own (e.g. a FakeTimeProvider as the subscriptions clock).</summary>
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? ReplaceServices { get; init; }

    /// <summary>A replay of <paramref name="replayFile"/> into a fresh SQLite file, publishing to the local SNS when given.</summary>
    public static TrackerApp Replay(string replayFile, FakeSns? sns, params (string Key, string? Value)[] more) => Replay(replayFile, sns, null, more);

    public static TrackerApp Replay(string replayFile, FakeSns? sns, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services, params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Tracker:Source"] = "replay",
            ["Tracker:Replay:File"] = replayFile,
            ["Tracker:Replay:Speed"] = "max",
            ["Tracker:Sqlite:Path"] = Path.Combine(Path.GetTempPath(), $"ct-sns-{Guid.NewGuid():N}.db"),
            ["Tracker:Alerts:Dispatch:RetryDelay"] = "00:00:00.050",
        };
        if (sns is not null)
        {
            settings["Tracker:Alerts:Sns:TopicArn"] = FakeSns.TopicArn;
            settings["Tracker:Alerts:Sns:ServiceUrl"] = sns.Url.ToString();
        }
        foreach (var (key, value) in more) settings[key] = value;
        return new TrackerApp(settings) { ReplaceServices = services };
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        if (ReplaceServices is { } replace) Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.ConfigureTestServices(builder, replace);
    }

    /// <summary>Polls /v1/health until the replay is stored and, with a topic, the outbox is drained.</summary>
    public async Task<JsonElement> WaitForReplayAsync(HttpClient http, bool publishing, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (true)
        {
            using var health = JsonDocument.Parse(await http.GetStringAsync("/v1/health"));
            var root = health.RootElement;
            var finished = root.TryGetProperty("replayFinished", out var f) && f.GetBoolean();
            var drained = !publishing || (root.TryGetProperty("publisher", out var p) && p.GetProperty("pending").GetInt32() == 0
                                          && p.GetProperty("lastRun").ValueKind != JsonValueKind.Null);
            if (finished && drained) return root.Clone();
            if (DateTime.UtcNow > until) throw new TimeoutException($"Replay not done within {limit}: {root}");
            await Task.Delay(200);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in Directory.GetFiles(Path.GetDirectoryName(SqlitePath)!, Path.GetFileName(SqlitePath) + "*"))
        {
            try { File.Delete(f); } catch (IOException) { }
        }
    }
}
