using System.Runtime.CompilerServices;
using System.Net;
using CryptoTracker.Api.Collecting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CryptoTracker.Api.Tests;

/// <summary>
/// Kraken misbehaving in every way we know of, one tick at a time: the collector never crashes, stores no bad value,
/// reports each failure with its reason in /v1/health, retries within the tick, and reports the recovery.
/// </summary>
public sealed class ExchangeFaultTests
{
    private const string Good = """{"error":[],"result":{"XXBTZUSD":{"c":["64000.5","1"],"v":["1","1200"]},"XETHZEUR":{"c":["2900.25","1"],"v":["1","456"]}}}""";

    public static TheoryData<string, string> Faults => new()
    {
        // Health names the kind of failure (its public text); the log keeps the exchange's own words.
        { "timeout", "timeout" },
        { "429", "throttled" },
        { "503", "HTTP 503" },
        { "error-array", "throttled" },
        { "malformed", "invalid response" },
        { "html", "invalid response" },
    };

    private static Task Answer(HttpContext c, string mode, NoAnswer hang) => mode switch
    {
        "timeout" => hang.Handle(c), // never answers: the call is cut at Kraken:Timeout, on the app's clock
        "429" => Status(c, 429),
        "503" => Status(c, 503),
        "error-array" => c.Response.WriteAsync("""{"error":["EGeneral:Too many requests"],"result":{}}"""),
        "malformed" => c.Response.WriteAsync("""{"error":[],"result":{"XXBTZUSD":{"c":["64000.5","""),
        "html" => c.Response.WriteAsync("<html><body>502 Bad Gateway</body></html>"),
        "bad-prices" => c.Response.WriteAsync("""{"error":[],"result":{"XXBTZUSD":{"c":["0","1"],"v":["1","-3"]},"XETHZEUR":{"c":["NaN","1"],"v":["1","Infinity"]}}}"""),
        "missing-pair" => c.Response.WriteAsync("""{"error":[],"result":{"XXBTZUSD":{"c":["64001.5","1"],"v":["1","1201"]}}}"""),
        _ => c.Response.WriteAsync(Good),
    };

    private static Task Status(HttpContext c, int code)
    {
        c.Response.StatusCode = code;
        return Task.CompletedTask;
    }

    /// <summary>
    /// The collector role in-process: it ticks on POST /events (as under the Lambda Web Adapter), so the test decides when
    /// ticks happen; the back-off is zero (its timing is Core's LiveTick tests'), Embedded Metric Format records are captured.
    /// </summary>
    private static async Task<(FakeKraken Kraken, TrackerApp App, StringWriter Metrics)> StartAsync(
        Func<string> mode, StrongBox<int>? tickerCalls = null, NoAnswer? hang = null)
    {
        hang ??= new NoAnswer();
        var kraken = new FakeKraken
        {
            Ticker = c =>
            {
                if (tickerCalls is not null) Interlocked.Increment(ref tickerCalls.Value);
                return Answer(c, mode(), hang);
            },
        };
        var url = await kraken.StartAsync();
        var metrics = new StringWriter(); // read by the test; the app writes through a synchronized wrapper
        var app = await new TrackerApp(["--Tracker:Role=collector", $"--Tracker:Kraken:BaseUrl={url}",
            "--Tracker:Kraken:Pairs=btcusd,etheur", "--Tracker:Kraken:Timeout=00:00:02", "--Tracker:Collector:FetchRetryDelay=00:00:00",
            "--Tracker:Collector:Backfill=false", "--Tracker:Collector:EmitMetrics=true"],
            services: s => s.AddSingleton(new MetricsOutput(TextWriter.Synchronized(metrics)))).StartAsync();
        return (kraken, app, metrics);
    }

    private static async Task<System.Text.Json.JsonElement> Tick(TrackerApp app)
    {
        using var response = await app.Http.PostAsync("/events", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // a failed fetch is a completed tick: recorded, nothing to store
        return await app.GetJsonAsync("/v1/health");
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task FailingTick_IsReportedWithItsReason_AndTheNextGoodTickRecovers(string fault, string reason)
    {
        var mode = "good";
        var calls = new StrongBox<int>();
        var hang = new NoAnswer();
        var (kraken, app, metrics) = await StartAsync(() => mode, calls, hang);
        await using var _ = kraken;
        await using var __ = app;

        Assert.Equal("ok", (await Tick(app)).GetProperty("status").GetString());
        AssertSuccessfulTickRecords(metrics, 1);

        mode = fault;
        var before = Volatile.Read(ref calls.Value);
        var tick = Tick(app);
        if (fault == "timeout")
        {
            // Each attempt's call is cut when the app's clock passes Tracker:Kraken:Timeout (2 s): moved by the test, no real wait.
            for (var attempt = 0; attempt < 3; attempt++)
            {
                await hang.WaitForRequestAsync();
                app.Clock.Advance(TimeSpan.FromSeconds(2));
            }
        }
        var failed = await tick;
        Assert.Equal("degraded", failed.GetProperty("status").GetString());
        Assert.Equal(reason, failed.GetProperty("source").GetProperty("lastError").GetString());
        Assert.Contains(failed.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("source kraken failing"));
        Assert.Equal(3, Volatile.Read(ref calls.Value) - before); // retried within the tick: Tracker:Collector:FetchAttempts = 3

        mode = "good";
        var recovered = await Tick(app);
        Assert.Equal("ok", recovered.GetProperty("status").GetString());
        Assert.Equal(0, recovered.GetProperty("source").GetProperty("consecutiveFailures").GetInt32());
        Assert.Equal(4, recovered.GetProperty("metrics").GetInt32());
        // One CloudWatch Embedded Metric Format record per tick that fetched and stored data: none for the failed one.
        AssertSuccessfulTickRecords(metrics, 2);
    }

    private static void AssertSuccessfulTickRecords(StringWriter metrics, int expected)
    {
        var lines = metrics.ToString().Split('\n');
        Assert.Equal(expected, lines.Count(l => l.StartsWith("{\"_aws\":") && l.Contains("\"SuccessfulTicks\":1")));
        var record = System.Text.Json.JsonDocument.Parse(lines.First(l => l.StartsWith("{\"_aws\":"))).RootElement;
        var directive = record.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];
        Assert.Equal("CryptoTracker", directive.GetProperty("Namespace").GetString());
        Assert.Equal("collector", record.GetProperty("Service").GetString());
        Assert.Equal(4, record.GetProperty("PointsStored").GetInt32());
    }

    [Fact]
    public async Task BadValuesAndAMissingPair_StoreNothingBad_AndAreCounted()
    {
        var mode = "bad-prices";
        var (kraken, app, _) = await StartAsync(() => mode);
        await using var __ = kraken;
        await using var ___ = app;

        var afterBad = await Tick(app);
        // 0 and NaN prices, a negative and an infinite volume: all four refused, none stored, the source itself worked.
        Assert.Equal(4, afterBad.GetProperty("source").GetProperty("rejectedValues").GetInt32());
        Assert.Equal(0, afterBad.GetProperty("metrics").GetInt32());

        mode = "missing-pair";
        var afterMissing = await Tick(app);
        Assert.Equal("ok", afterMissing.GetProperty("status").GetString());
        Assert.Equal(2, afterMissing.GetProperty("metrics").GetInt32()); // btcusd price and volume; etheur simply has no point

        // Read what was stored through the API role on the same SQLite file, as the Lambda read function would.
        await using var reader = await TrackerApp.StartAsync("--Tracker:Role=api", $"--Tracker:Sqlite:Path={app.SqlitePath}");
        var metrics = (await reader.GetJsonAsync("/v1/metrics")).GetProperty("metrics").EnumerateArray()
            .Select(m => (m.GetProperty("id").GetString(), m.GetProperty("latest").GetProperty("v").GetDouble())).ToList();
        Assert.Equal([("price:btcusd", 64001.5), ("volume:btcusd", 1201.0)], metrics);
    }
}
