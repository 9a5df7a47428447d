using System.Security.Cryptography;
using System.Text.Json;

namespace CryptoTracker.Receivers.Tests;

/// <summary>The tracker as a real process (dotnet CryptoTracker.Api.dll …) delivering to a receiver on loopback.</summary>
public sealed class ReceiverProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ct-receivers-process-").FullName;
    private LoopbackReceiver _hook = null!;

    public async ValueTask InitializeAsync() => _hook = await LoopbackReceiver.OpenAsync();

    public async ValueTask DisposeAsync()
    {
        await _hook.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static readonly DateTimeOffset From = new(2023, 3, 10, 0, 0, 0, TimeSpan.Zero), To = new(2023, 3, 13, 0, 0, 0, TimeSpan.Zero);

    private static List<(string Metric, DateTimeOffset T)> ExpectedAlerts(IReadOnlyList<RealData.Minute> rows) =>
        RealData.ExpectedSpikes(rows.Select(r => (r.T, r.Volume)).ToList()).Select(t => ("volume:btcusd", t))
            .Concat(RealData.ExpectedSpikes(rows.Select(r => (r.T, r.Close)).ToList()).Select(t => ("price:btcusd", t)))
            .OrderBy(a => a.t).ThenBy(a => a.Item1, StringComparer.Ordinal).ToList();

    private static string IdOf((string Metric, DateTimeOffset T) a) => $"{a.Metric}@{a.T.UtcDateTime:yyyyMMdd'T'HHmm'Z'}";

    /// <summary>Health once the replay stored its last minute and the receiver has nothing pending.</summary>
    private static async Task<JsonElement> WaitUntilDeliveredAsync(TrackerProcess app, DateTimeOffset lastMinute)
    {
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            var health = await app.GetJsonAsync("/v1/health");
            var stored = health.TryGetProperty("replayFinished", out var f) && f.GetBoolean()
                         && health.GetProperty("lastTick").GetDateTimeOffset() == lastMinute;
            var receiver = health.GetProperty("receivers")[0];
            if (stored && receiver.GetProperty("pending").GetInt32() == 0 && receiver.GetProperty("status").GetString() == "ok") return health;
            if (DateTime.UtcNow > until) throw new TimeoutException($"Not delivered: {health}\n{app.Output}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task RealDataReplay_DeliversExactlyOneSignedWebhookPerAlertTheReplayRaises()
    {
        var rows = RealData.ReadKlines(SharedData.RequireFile(RealData.BtcUsd), From, To);
        var replay = Path.Combine(_dir, "march.csv");
        RealData.WriteReplay(replay, "btcusd", rows);
        var expected = ExpectedAlerts(rows);
        Assert.NotEmpty(expected);
        _hook.Answer(503, 500); // the first two deliveries fail: retried, not lost, not doubled

        await using var app = await TrackerProcess.StartAsync(
            "--Tracker:Source=replay", $"--Tracker:Replay:File={replay}", "--Tracker:PublicUrl=https://tracker.example.com",
            "--Tracker:Alerts:Dispatch:RetryDelay=00:00:00.050",
            "--Tracker:Alerts:Receivers:0:Name=hook", "--Tracker:Alerts:Receivers:0:Type=webhook",
            $"--Tracker:Alerts:Receivers:0:Url={_hook.Url}", "--Tracker:Alerts:Receivers:0:Secret=s3cret");
        var health = await WaitUntilDeliveredAsync(app, rows[^1].T);

        var alerts = (await app.GetJsonAsync("/v1/alerts")).GetProperty("alerts").EnumerateArray()
            .Select(a => (Metric: a.GetProperty("metric").GetString()!, T: a.GetProperty("t").GetDateTimeOffset())).ToList();
        Assert.Equal(expected, alerts);

        var accepted = _hook.Requests.Skip(2).ToList();
        Assert.Equal(expected.Select(IdOf), accepted.Select(r => r.Header("X-CryptoTracker-Alert-Id")));
        Assert.Equal(expected.Count, accepted.Select(r => r.Header("X-CryptoTracker-Alert-Id")).Distinct().Count());
        Assert.All(_hook.Requests.Take(2), r => Assert.Equal(IdOf(expected[0]), r.Header("X-CryptoTracker-Alert-Id")));
        Assert.All(_hook.Requests, r =>
            Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData("s3cret"u8.ToArray(), r.Body)), r.Header("X-CryptoTracker-Signature")));

        var receiver = health.GetProperty("receivers")[0];
        Assert.Equal("hook", receiver.GetProperty("name").GetString());
        Assert.Equal("webhook", receiver.GetProperty("type").GetString());
        Assert.Equal(expected.Count, receiver.GetProperty("delivered").GetInt64());
        Assert.Equal("ok", health.GetProperty("status").GetString());
        var text = health.GetRawText();
        Assert.DoesNotContain("s3cret", text);
        Assert.DoesNotContain("t0ken", text);
        Assert.DoesNotContain("s3cret", app.Output);
        Assert.DoesNotContain("t0ken", app.Output); // the receiver's URL carries a token: never logged
        output.WriteLine($"{rows.Count} minutes replayed, {alerts.Count} alerts, {_hook.Requests.Count} webhook calls ({accepted.Count} accepted).");
    }

    [Fact]
    public async Task AReceiverAddedToAStoreThatHoldsAlerts_GetsNoneOlderThanMaxAge_AndEveryAlertRaisedAfterwards()
    {
        var rows = RealData.ReadKlines(SharedData.RequireFile(RealData.BtcUsd), From, To);
        var all = ExpectedAlerts(rows);
        // Split 30 minutes after an alert that has five earlier alerts more than two hours before it: both sides of MaxAge are hit.
        var pivot = all.First(a => all.Count(b => b.T < a.T.AddHours(-2)) >= 5 && a.T < To.AddHours(-12));
        var split = pivot.T.AddMinutes(30);
        var (first, second) = (Path.Combine(_dir, "first.csv"), Path.Combine(_dir, "second.csv"));
        RealData.WriteReplay(first, "btcusd", rows.Where(r => r.T < split));
        RealData.WriteReplay(second, "btcusd", rows.Where(r => r.T >= split));
        var db = Path.Combine(_dir, "tracker.db");

        // Without receivers: the store fills with alerts.
        await using (var before = await TrackerProcess.StartAsync("--Tracker:Source=replay", $"--Tracker:Replay:File={first}", $"--Tracker:Sqlite:Path={db}"))
        {
            await before.WaitForReplayAsync(TimeSpan.FromMinutes(3));
            Assert.Equal(all.Count(a => a.T < split), (await before.GetJsonAsync("/v1/alerts")).GetProperty("alerts").GetArrayLength());
        }

        // The same store, the next part of the data, and a receiver given as one JSON value (the stack's way).
        await using var after = await TrackerProcess.StartAsync(
            ["--Tracker:Source=replay", $"--Tracker:Replay:File={second}", $"--Tracker:Sqlite:Path={db}"],
            new Dictionary<string, string>
            {
                ["Tracker__Alerts__ReceiversJson"] = $$"""[{"Name":"late","Type":"webhook","Url":"{{_hook.Url}}"}]""",
            });
        await WaitUntilDeliveredAsync(after, rows[^1].T);

        var alerts = (await after.GetJsonAsync("/v1/alerts")).GetProperty("alerts").EnumerateArray()
            .Select(a => (Metric: a.GetProperty("metric").GetString()!, T: a.GetProperty("t").GetDateTimeOffset())).ToList();
        Assert.Equal(all, alerts);
        // The receiver started when the clock was at the split: alerts up to an hour older are sent, older ones are not.
        var expected = all.Where(a => a.T > split.AddHours(-1)).Select(IdOf).ToList();
        Assert.Contains(IdOf(pivot), expected);
        Assert.True(all.Count(a => a.T <= split.AddHours(-1)) > 0);
        Assert.Equal(expected, _hook.Requests.Select(r => r.Header("X-CryptoTracker-Alert-Id")));
        output.WriteLine($"split at {split:u}: {all.Count(a => a.T < split)} alerts stored before, {expected.Count} delivered " +
            $"({all.Count(a => a.T < split && a.T > split.AddHours(-1))} from the last hour before the split), {all.Count(a => a.T <= split.AddHours(-1))} older left out.");
    }

    [Fact]
    public async Task BadReceiverSettings_StopStartUp_NamingEachKey_WithoutRepeatingSecrets()
    {
        var (exit, output) = await TrackerProcess.RunToExitAsync(
            "--Tracker:Source=demo",
            "--Tracker:Alerts:Receivers:0:Name=pager", "--Tracker:Alerts:Receivers:0:Type=pagerduty",
            "--Tracker:Alerts:Receivers:1:Name=hook", "--Tracker:Alerts:Receivers:1:Type=webhook",
            "--Tracker:Alerts:Receivers:2:Name=ftp", "--Tracker:Alerts:Receivers:2:Type=slack", "--Tracker:Alerts:Receivers:2:Url=ftp://user:s3cret@example.com/x",
            "--Tracker:Alerts:Receivers:3:Name=big", "--Tracker:Alerts:Receivers:3:Type=ntfy", "--Tracker:Alerts:Receivers:3:Url=https://ntfy.sh/t0ken", "--Tracker:Alerts:Receivers:3:MinRatio=0",
            "--Tracker:Alerts:Receivers:4:Name=mail", "--Tracker:Alerts:Receivers:4:Type=email", "--Tracker:Alerts:Receivers:4:From=t@example.com", "--Tracker:Alerts:Receivers:4:To:0=a@example.com",
            "--Tracker:Alerts:Rules:0:Name=usdc-low", "--Tracker:Alerts:Rules:0:Metric=price:usdcusd", "--Tracker:Alerts:Rules:0:Below=0.95",
            "--Tracker:Alerts:Receivers:5:Name=rules", "--Tracker:Alerts:Receivers:5:Type=webhook", "--Tracker:Alerts:Receivers:5:Url=https://example.com/hook",
            "--Tracker:Alerts:Receivers:5:Rules:0=spike", "--Tracker:Alerts:Receivers:5:Rules:1=usdc-low",
            "--Tracker:Alerts:Receivers:5:Rules:2=btc-below-80k", "--Tracker:Alerts:Receivers:5:Rules:3=BTC_Low");

        Assert.Equal(2, exit);
        Assert.Contains("Tracker:Alerts:Receivers:0:Type must be one of webhook, slack, discord, ntfy, email (got 'pagerduty')", output);
        Assert.Contains("Tracker:Alerts:Receivers:1:Url is required", output);
        Assert.Contains("Tracker:Alerts:Receivers:2:Url must be an absolute http or https URL", output);
        Assert.Contains("Tracker:Alerts:Receivers:3:MinRatio must be a number greater than 0", output);
        Assert.Contains("Tracker:Alerts:Receivers:4:Host is required", output);
        Assert.Contains("Tracker:Alerts:Receivers:5:Rules: no rule is named 'btc-below-80k' (the rules are usdc-low, spike)", output);
        Assert.Contains("Tracker:Alerts:Receivers:5:Rules: 'BTC_Low' is not a rule name", output);
        Assert.DoesNotContain("'usdc-low'", output); // configured: accepted
        Assert.DoesNotContain("'spike'", output);
        Assert.DoesNotContain("s3cret", output);
        Assert.DoesNotContain("t0ken", output);
        Assert.DoesNotContain("   at ", output); // no stack trace
    }
}
