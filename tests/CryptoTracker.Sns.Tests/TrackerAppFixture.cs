using CryptoTracker.Api.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CryptoTracker.Sns.Tests;

/// <summary>
/// A tracker on Kestrel that replayed five symbols (price and volume of each: ten metrics), publishing to the local SNS
/// (which checks every signature), with the alert rules of <see cref="Rules"/>; codes and limits run on a FakeTimeProvider,
/// so expiry and windows are tested without waiting. Subclasses give the rest of the settings (xunit's IClassFixture needs
/// one concrete type per set of settings).
/// </summary>
public abstract class TrackerAppFixture : IAsyncLifetime
{
    private readonly string _replay = Path.Combine(Path.GetTempPath(), $"ct-fixture-{Guid.NewGuid():N}.csv");

    public static readonly string[] Symbols = ["btcusd", "ethusd", "solusd", "ltcusd", "xrpusd"];

    /// <summary>The ten metric ids the replay makes, sorted.</summary>
    public static IReadOnlyList<string> MetricIds => Symbols.SelectMany(s => new[] { $"price:{s}", $"volume:{s}" }).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Fifteen configured rules (name, metric, condition key, level), none of which holds on the replayed values (btc at
    /// 20000, eth at 1400, the others at 1 to 5): the app publishes no rule alert. With the built-in spike: 16 rule names.
    /// </summary>
    public static readonly IReadOnlyList<(string Name, string Metric, string Condition, string Level)> Rules =
    [
        ("btc-below-10k", "price:btcusd", "Below", "10000"),
        ("eth-above-5k", "price:ethusd", "Above", "5000"),
        ("btc-moves-5", "price:btcusd", "ChangePercent", "5"),
        .. Enumerable.Range(1, 12).Select(i => ($"sol-above-{i}k", "price:solusd", "Above", $"{i}000")),
    ];

    public FakeSns Sns { get; private set; } = null!;
    public TrackerApp App { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Settings beside the replay, the topic, the rules and a client budget that no test reaches.</summary>
    protected abstract IEnumerable<(string Key, string? Value)> Settings { get; }

    public static void WriteSymbols(string path)
    {
        var lines = new List<string> { "time,symbol,price,volume" };
        for (var m = 0; m < 2; m++)
            for (var i = 0; i < Symbols.Length; i++)
            {
                var price = Symbols[i] switch { "btcusd" => 20000 + 10 * m, "ethusd" => 1400 + m, _ => i + m * 0.5 };
                lines.Add($"2023-03-10T00:0{m}:00Z,{Symbols[i]},{price.ToString(System.Globalization.CultureInfo.InvariantCulture)},{10 + m}");
            }
        File.WriteAllLines(path, lines);
    }

    public async ValueTask InitializeAsync()
    {
        WriteSymbols(_replay);
        Sns = await FakeSns.StartAsync();
        var settings = new List<(string Key, string? Value)> { ("Tracker:Subscriptions:PermitsPerMinute", "1000") };
        for (var i = 0; i < Rules.Count; i++)
        {
            var (name, metric, condition, level) = Rules[i];
            settings.Add(($"Tracker:Alerts:Rules:{i}:Name", name));
            settings.Add(($"Tracker:Alerts:Rules:{i}:Metric", metric));
            settings.Add(($"Tracker:Alerts:Rules:{i}:{condition}", level));
        }
        settings.AddRange(Settings);
        App = TrackerApp.Replay(_replay, Sns, s => s.AddKeyedSingleton<TimeProvider>(SubscriptionServices.ClockKey, Clock), [.. settings]);
        Http = App.CreateClient();
        await App.WaitForReplayAsync(Http, publishing: true, TimeSpan.FromMinutes(1));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
        await Sns.DisposeAsync();
        File.Delete(_replay);
    }
}

/// <summary>Email only (SMS off, the default).</summary>
public sealed class SubscriptionsAppFixture : TrackerAppFixture
{
    protected override IEnumerable<(string Key, string? Value)> Settings => [];

    /// <summary>Two symbols, two minutes: price and volume of btcusd and ethusd.</summary>
    public static void WriteTwoSymbols(string path) => File.WriteAllLines(path,
    [
        "time,symbol,price,volume",
        "2023-03-10T00:00:00Z,btcusd,20000,1.5", "2023-03-10T00:00:00Z,ethusd,1400,10",
        "2023-03-10T00:01:00Z,btcusd,20010,2.5", "2023-03-10T00:01:00Z,ethusd,1401,12",
    ]);
}

/// <summary>SMS enabled for +1 and +44 numbers, and a public URL (the texts name its host).</summary>
public sealed class SmsAppFixture : TrackerAppFixture
{
    protected override IEnumerable<(string Key, string? Value)> Settings =>
    [
        ("Tracker:Alerts:Sms:Enabled", "true"), ("Tracker:Alerts:Sms:AllowedPrefixes", "+1, +44"),
        ("Tracker:PublicUrl", "https://tracker.example.com"),
    ];
}
