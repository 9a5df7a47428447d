using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CryptoTracker.Testing;

/// <summary>
/// The tracker in the test process (<see cref="WebApplicationFactory{TEntryPoint}"/> on the in-memory test server), configured
/// with the same <c>--Tracker:Key=value</c> arguments a user gives on the command line. Live sources run on
/// <see cref="Clock"/>, a <see cref="FakeTimeProvider"/> that only the test moves, so every time-dependent behaviour
/// (back-off, staleness, the minute loop) is deterministic; the replay source keeps driving its own clock.
/// Each instance has its own working directory holding its SQLite file unless <c>--Tracker:Sqlite:Path</c> is given.
/// </summary>
public class InProcessTracker<TProgram> : WebApplicationFactory<TProgram>, ITrackerHost where TProgram : class
{
    /// <summary>Where <see cref="Clock"/> starts unless the test says otherwise: 30 s into a minute.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 5, 10, 0, 30, TimeSpan.Zero);

    private readonly Dictionary<string, string?> _settings;
    private readonly LogCapture _log = new();
    private readonly Action<IServiceCollection>? _services;
    private readonly bool _kestrel;

    /// <param name="kestrel">Serve on Kestrel at 127.0.0.1 on a free port instead of the in-memory server (raw sockets, real HTTP).</param>
    public InProcessTracker(IEnumerable<string> args, DateTimeOffset? start = null, Action<IServiceCollection>? services = null, bool kestrel = false)
    {
        _kestrel = kestrel;
        if (kestrel) UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        WorkDir = Directory.CreateTempSubdirectory("tracker-test-").FullName;
        _settings = Parse(args);
        _settings.TryAdd("Tracker:Sqlite:Path", Path.Combine(WorkDir, "data", "tracker.db"));
        _services = services;
        Clock = new FakeTimeProvider(start ?? DefaultStart);
    }

    /// <summary>The clock of live sources (not used by the replay, which moves its own clock minute by minute).</summary>
    public FakeTimeProvider Clock { get; }

    public string WorkDir { get; }

    public string SqlitePath => _settings["Tracker:Sqlite:Path"]!;

    public bool IsReplay => string.Equals(_settings.GetValueOrDefault("Tracker:Source"), "replay", StringComparison.OrdinalIgnoreCase);

    public HttpClient Http { get; private set; } = null!;

    /// <summary>Everything the app logged so far.</summary>
    public string Output => _log.Text;

    /// <summary>Builds and starts the app (hosted services included) and returns it with <see cref="Http"/> ready.</summary>
    public static Task<InProcessTracker<TProgram>> StartAsync(params string[] args) => new InProcessTracker<TProgram>(args).StartAsync();

    public Task<InProcessTracker<TProgram>> StartAsync()
    {
        if (_kestrel)
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            Http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        }
        else Http = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return Task.FromResult(this);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(l =>
        {
            l.ClearProviders();
            l.AddProvider(_log);
        });
        builder.ConfigureTestServices(services =>
        {
            if (!IsReplay) services.AddSingleton<TimeProvider>(Clock);
            _services?.Invoke(services);
        });
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} → {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Waits (on the condition, not on time) until /v1/health says the replay is finished.</summary>
    public async Task<JsonElement> WaitForReplayAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        while (true)
        {
            var health = await GetJsonAsync("/v1/health");
            if (health.TryGetProperty("replayFinished", out var done) && done.GetBoolean()) return health;
            if (cts.IsCancellationRequested) throw new TimeoutException("The replay did not finish:\n" + Output);
            await Task.Delay(50, cts.Token).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    protected override void Dispose(bool disposing)
    {
        Http?.Dispose();
        base.Dispose(disposing);
        if (!disposing) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(WorkDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>"--Tracker:Source=demo" (or "--Tracker:Source", "demo") → Tracker:Source = demo.</summary>
    private static Dictionary<string, string?> Parse(IEnumerable<string> args)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var arg = list[i].TrimStart('-');
            var eq = arg.IndexOf('=');
            if (eq > 0) settings[arg[..eq]] = arg[(eq + 1)..];
            else if (i + 1 < list.Count) settings[arg] = list[++i];
            else throw new ArgumentException($"No value for '{list[i]}'.");
        }
        return settings;
    }
}
