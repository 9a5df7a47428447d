using System.Net;
using Microsoft.AspNetCore.Http;

namespace CryptoTracker.Api.Tests;

public sealed class StartupAndHealthTests
{
    // A real process: the exit code and what a user sees on the console are the behaviour under test.
    [Theory]
    [InlineData("--Tracker:Source=binance", "Tracker:Source must be one of kraken, demo, replay (got 'binance')")]
    [InlineData("--Tracker:Store=postgres", "Tracker:Store")]
    [InlineData("--Tracker:Source=replay", "Tracker:Replay:File")]
    [InlineData("--Tracker:Alerts:Multiplier=-3", "Tracker:Alerts:Multiplier")]
    [InlineData("--Tracker:Kraken:Pairs=BTC/USD", "Tracker:Kraken:Pairs")]
    [InlineData("--Tracker:Alerts:Window=soon", "Tracker:Alerts:Window")]
    [InlineData("--Tracker:Role=admin", "Tracker:Role must be one of all, api, collector, subscriptions")]
    [InlineData("--Tracker:Collector:CommitAttempts=0", "Tracker:Collector:CommitAttempts")]
    [InlineData("--Tracker:Alerts:Dispatch:Attempts=0", "Tracker:Alerts:Dispatch:Attempts")]
    [InlineData("--Tracker:Demo:Seed=-1", "Tracker:Demo:Seed")]
    public async Task InvalidSetting_StopsStartupWithAMessageNamingTheKey(string arg, string key)
    {
        var (exitCode, output) = await TrackerProcess.RunToExitAsync(arg, "--urls", "http://127.0.0.1:0");

        Assert.NotEqual(0, exitCode);
        Assert.Contains(key, output);
        Assert.DoesNotContain("   at ", output); // no stack trace
    }

    [Fact]
    public async Task FailingSource_ShowsInHealth_ThenRecovers_AndNothingBadIsStored()
    {
        var broken = true;
        await using var kraken = new FakeKraken
        {
            Ticker = c => broken
                ? c.Response.WriteAsync("""{"error":["EService:Unavailable"],"result":{}}""")
                : c.Response.WriteAsync("""{"error":[],"result":{"XXBTZUSD":{"c":["64000.5","1"],"v":["1","1200"]},"XETHZEUR":{"c":["-1","1"],"v":["1","5"]}}}"""),
        };
        var krakenUrl = await kraken.StartAsync();
        // The collector role ticks on POST /events (as under the Lambda Web Adapter), so the test decides when ticks happen.
        await using var app = await TrackerApp.StartAsync("--Tracker:Role=collector", $"--Tracker:Kraken:BaseUrl={krakenUrl}",
            "--Tracker:Kraken:Pairs=btcusd,etheur", "--Tracker:Collector:FetchRetryDelay=00:00:00");

        using (var failed = await app.Http.PostAsync("/events", null))
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode); // the tick itself completed: nothing to store, failure recorded
        var degraded = await app.GetJsonAsync("/v1/health");
        Assert.Equal("degraded", degraded.GetProperty("status").GetString());
        Assert.Equal(1, degraded.GetProperty("source").GetProperty("consecutiveFailures").GetInt32());
        Assert.Contains("EService:Unavailable", degraded.GetProperty("source").GetProperty("lastError").GetString());
        Assert.Contains("failed 3 times", app.Output); // three attempts with back-off, logged

        broken = false;
        using (var ok = await app.Http.PostAsync("/events", null))
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var healthy = await app.GetJsonAsync("/v1/health");
        Assert.Equal("ok", healthy.GetProperty("status").GetString());
        Assert.Equal(0, healthy.GetProperty("source").GetProperty("consecutiveFailures").GetInt32());
        // btcusd price and volume stored; etheur's negative price refused, its volume kept.
        Assert.Equal(3, healthy.GetProperty("metrics").GetInt32());
        Assert.Equal(1, healthy.GetProperty("source").GetProperty("rejectedValues").GetInt32());
    }

    [Fact]
    public async Task Restart_ContinuesFromTheStoredWindow()
    {
        var csv = Path.Combine(Path.GetTempPath(), $"restart-{Guid.NewGuid():N}.csv");
        var db = Path.Combine(Path.GetTempPath(), $"restart-{Guid.NewGuid():N}.db");
        await File.WriteAllTextAsync(csv, "time,symbol,price\n2026-01-05T10:00:00Z,aaa,1\n2026-01-05T10:01:00Z,aaa,3\n");
        await using (var first = await TrackerApp.StartAsync("--Tracker:Source=replay", $"--Tracker:Replay:File={csv}", $"--Tracker:Sqlite:Path={db}"))
            await first.WaitForReplayAsync();

        await File.WriteAllTextAsync(csv, "time,symbol,price\n2026-01-05T10:01:00Z,aaa,999\n2026-01-05T10:02:00Z,aaa,5\n");
        await using var second = await TrackerApp.StartAsync("--Tracker:Source=replay", $"--Tracker:Replay:File={csv}", $"--Tracker:Sqlite:Path={db}");
        await second.WaitForReplayAsync();

        // 10:01 was already stored (value 3): the repeated minute keeps its first value. Points 1, 3, 5 → mean 3, sd 2.
        var stats = (await second.GetJsonAsync("/v1/metrics/price/aaa")).GetProperty("stats");
        Assert.Equal(3, stats.GetProperty("count").GetInt32());
        Assert.Equal(3, stats.GetProperty("mean").GetDouble());
        Assert.Equal(2, stats.GetProperty("stddev").GetDouble(), 12);
    }
}
