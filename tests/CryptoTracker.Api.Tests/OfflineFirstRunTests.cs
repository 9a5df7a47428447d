using System.Net;
using System.Net.Sockets;

namespace CryptoTracker.Api.Tests;

/// <summary>The default run on a machine whose exchange cannot be reached: one plain line per failed tick, never a stack trace.</summary>
public sealed class OfflineFirstRunTests
{
    [Fact]
    public async Task UnreachableExchange_PrintsOneLineWithTheReasonTheNextTryAndTheDemoHint()
    {
        await using var app = await TrackerProcess.StartAsync($"--Tracker:Kraken:BaseUrl=http://127.0.0.1:{ClosedPort()}",
            "--Tracker:Collector:FetchRetryDelay=00:00:00.05");

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!app.Output.Contains("No data from kraken") && DateTime.UtcNow < deadline) await Task.Delay(100);

        var lines = app.Output.Split('\n', StringSplitOptions.TrimEntries);
        var failure = Assert.Single(lines, l => l.StartsWith("No data from kraken", StringComparison.Ordinal));
        Assert.Matches(@"^No data from kraken: .*Connection refused.*\. Next try at \d\d:\d\d:\d\d UTC\. No network\? Run with --Tracker:Source=demo$", failure);
        Assert.DoesNotContain(lines, l => l.StartsWith("at ", StringComparison.Ordinal)); // no stack trace
        Assert.DoesNotContain("Exception:", app.Output.Replace(failure, ""));
        Assert.DoesNotContain("Backfill", app.Output);  // the backfill's failure is the same reason: not a second line
        Assert.DoesNotContain("attempt", app.Output);   // retries inside the minute are not printed

        var health = await app.GetJsonAsync("/v1/health");
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.Contains(health.GetProperty("reasons").EnumerateArray(), r => r.GetString() == "no data collected yet");
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
