using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CryptoTracker.Api.Tests;

/// <summary>
/// Four markets at once, each a real HTTP server on loopback: Kraken and Coinbase agree on btcusd (100 and 102),
/// Bitstamp is far off (130), Binance geo-blocks (HTTP 451). Worked by hand: the median of 100, 102, 130 is 102;
/// Bitstamp is 28/102 ≈ 27 % away (> 5 %), Kraken 2/102 ≈ 2 %. So price:btcusd = (100 + 102)/2 = 101 and
/// volume:btcusd = 10 + 20 = 30; etheur is on Kraken only: 2900 and 456.
/// </summary>
public sealed class MarketsTests
{
    [Fact]
    public async Task SeveralSources_PerMarketSeriesAggregatesOutliersAndPerSourceHealth()
    {
        await using var kraken = new FakeKraken
        {
            Ticker = c => c.Response.WriteAsync("""
                {"error":[],"result":{"XXBTZUSD":{"c":["100","0.1"],"v":["1","10"]},"XETHZEUR":{"c":["2900","1"],"v":["3","456"]}}}
                """),
        };
        await using var binance = new FakeExchange().Status("/api/v3/ticker/24hr", 451, """{"code":0,"msg":"Service unavailable from a restricted location"}""");
        await using var coinbase = new FakeExchange().On("/products/BTC-USD/ticker", c => c.Response.WriteAsync(
            $$"""{"price":"102","volume":"20","time":"{{DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture)}}"}"""));
        await using var bitstamp = new FakeExchange().On("/api/v2/ticker/", c => c.Response.WriteAsync(
            $$"""[{"pair":"BTC/USD","last":"130","volume":"5","timestamp":"{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}}"}]"""));

        await using var app = await Start(
            "--Tracker:Sources=kraken,binance,coinbase,bitstamp",
            $"--Tracker:Kraken:BaseUrl={await kraken.StartAsync()}", "--Tracker:Kraken:Pairs=btcusd,etheur",
            $"--Tracker:Binance:BaseUrl={await binance.StartAsync()}",
            $"--Tracker:Coinbase:BaseUrl={await coinbase.StartAsync()}", "--Tracker:Coinbase:Products=BTC-USD",
            $"--Tracker:Bitstamp:BaseUrl={await bitstamp.StartAsync()}", "--Tracker:Bitstamp:Pairs=btcusd",
            "--Tracker:Collector:FetchAttempts=2", "--Tracker:Collector:FetchRetryDelay=00:00:00",
            "--Tracker:Collector:Backfill=false"); // two Kraken pairs: the backfill's paced OHLC calls would wait on the frozen clock

        var health = await WaitForFirstTickAsync(app);

        // 4 per-market series pairs (btcusd on three markets, etheur on Kraken) + 4 aggregates.
        Assert.Equal(12, health.GetProperty("metrics").GetInt32());
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.Contains(health.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("binance") && r.GetString()!.Contains("451"));
        Assert.Equal("kraken", health.GetProperty("source").GetProperty("name").GetString()); // the v1 object: the primary source
        var sources = health.GetProperty("sources").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal(["kraken", "binance", "coinbase", "bitstamp"], sources.Keys);
        Assert.Equal("failing", sources["binance"].GetProperty("status").GetString());
        Assert.Contains("Tracker:Binance:BaseUrl", sources["binance"].GetProperty("lastError").GetString());
        Assert.Equal("ok", sources["kraken"].GetProperty("status").GetString());
        Assert.Equal(2, sources["bitstamp"].GetProperty("rejected").GetProperty("outlier").GetInt64()); // its price and volume
        Assert.Equal(0, sources["coinbase"].GetProperty("rejected").GetProperty("total").GetInt64());

        Assert.Equal(101, (await app.GetJsonAsync("/v1/metrics/price/btcusd")).GetProperty("latest").GetProperty("v").GetDouble(), 12);
        Assert.Equal(30, (await app.GetJsonAsync("/v1/metrics/volume/btcusd")).GetProperty("latest").GetProperty("v").GetDouble());
        Assert.Equal(2900, (await app.GetJsonAsync("/v1/metrics/price/etheur")).GetProperty("latest").GetProperty("v").GetDouble());
        Assert.Equal(130, (await app.GetJsonAsync("/v1/metrics/price/btcusd@bitstamp")).GetProperty("latest").GetProperty("v").GetDouble());
        Assert.Equal(100, (await app.GetJsonAsync("/v1/metrics/price/btcusd@kraken")).GetProperty("latest").GetProperty("v").GetDouble());

        var markets = await app.GetJsonAsync("/v1/metrics/price/btcusd/markets");
        Assert.Equal(["bitstamp:False", "coinbase:True", "kraken:True"], markets.GetProperty("markets").EnumerateArray()
            .Select(m => $"{m.GetProperty("market").GetString()}:{m.GetProperty("contributed").GetBoolean()}"));
        var excluded = Assert.Single(markets.GetProperty("excluded").EnumerateArray());
        Assert.Equal("bitstamp", excluded.GetProperty("market").GetString());
        Assert.Equal(102, excluded.GetProperty("median").GetDouble());
        Assert.Equal(28.0 / 102, excluded.GetProperty("deviation").GetDouble(), 12);

        // A geo-block is not retried within the tick (asking again cannot change it); the markets that answered were asked once.
        Assert.Single(binance.Requests);
        Assert.Single(coinbase.Requests);
        Assert.DoesNotContain("retrying", app.Output);
        using var missing = await app.Http.GetAsync("/v1/metrics/price/nosuchcoin/markets");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task OneSourceFromTheList_PlainIds_StaleTickersIgnoredAndCounted()
    {
        var fresh = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var halted = DateTimeOffset.UtcNow.AddDays(-30).ToUnixTimeMilliseconds();
        await using var binance = new FakeExchange().On("/api/v3/ticker/24hr", c => c.Response.WriteAsync($$"""
            [{"symbol":"BTCUSDT","lastPrice":"64000","volume":"1234.5","closeTime":{{fresh}}},
             {"symbol":"ETHUSDT","lastPrice":"3000","volume":"0","closeTime":{{halted}}}]
            """));

        await using var app = await Start("--Tracker:Sources=binance", $"--Tracker:Binance:BaseUrl={await binance.StartAsync()}");
        var health = await WaitForFirstTickAsync(app);

        // Exactly as a single source always worked: plain ids, no "@binance" duplicates, no aggregates.
        var ids = (await app.GetJsonAsync("/v1/metrics")).GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("id").GetString());
        Assert.Equal(["price:btcusdt", "volume:btcusdt"], ids);
        Assert.Equal("ok", health.GetProperty("status").GetString());
        var source = Assert.Single(health.GetProperty("sources").EnumerateArray());
        Assert.Equal(2, source.GetProperty("rejected").GetProperty("stale").GetInt64()); // ethusdt's price and volume, 30 days old
        Assert.Equal(2, health.GetProperty("source").GetProperty("rejectedValues").GetInt64());
    }

    [Fact]
    public async Task FailingMarket_IsRetriedWithinTheTick_OthersAreNotAskedAgain()
    {
        var calls = 0;
        await using var kraken = new FakeKraken
        {
            Ticker = c => c.Response.WriteAsync("""{"error":[],"result":{"XXBTZUSD":{"c":["100","0.1"],"v":["1","10"]}}}"""),
        };
        // Bitstamp fails once with 503, then answers: the tick's second attempt asks Bitstamp only.
        await using var bitstamp = new FakeExchange().On("/api/v2/ticker/", c =>
        {
            if (Interlocked.Increment(ref calls) == 1) { c.Response.StatusCode = 503; return Task.CompletedTask; }
            return c.Response.WriteAsync($$"""[{"pair":"BTC/USD","last":"104","volume":"5","timestamp":"{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}}"}]""");
        });

        await using var app = await Start("--Tracker:Sources=kraken,bitstamp",
            $"--Tracker:Kraken:BaseUrl={await kraken.StartAsync()}", "--Tracker:Kraken:Pairs=btcusd",
            $"--Tracker:Bitstamp:BaseUrl={await bitstamp.StartAsync()}", "--Tracker:Bitstamp:Pairs=btcusd",
            "--Tracker:Collector:FetchAttempts=3", "--Tracker:Collector:FetchRetryDelay=00:00:00");
        var health = await WaitForFirstTickAsync(app);

        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(2, calls);
        // Kraken: AssetPairs once (cached from the backfill attempt) and Ticker once: it answered the first attempt.
        Assert.Equal(2, kraken.UserAgents.Count);
        // (100 + 104)/2 = 102; 104 is 2/102 ≈ 2 % from the median 102.
        Assert.Equal(102, (await app.GetJsonAsync("/v1/metrics/price/btcusd")).GetProperty("latest").GetProperty("v").GetDouble(), 12);
    }

    [Fact]
    public async Task DefaultSingleSource_HealthAlsoListsItInSources()
    {
        await using var kraken = new FakeKraken
        {
            Ticker = c => c.Response.WriteAsync("""{"error":[],"result":{"XXBTZUSD":{"c":["64000.5","1"],"v":["1","1200"]},"XETHZEUR":{"c":["-1","1"],"v":["1","5"]}}}"""),
        };
        await using var app = await Start("--Tracker:Role=collector", $"--Tracker:Kraken:BaseUrl={await kraken.StartAsync()}",
            "--Tracker:Kraken:Pairs=btcusd,etheur");

        using (var tick = await app.Http.PostAsync("/events", null)) tick.EnsureSuccessStatusCode();
        var health = await app.GetJsonAsync("/v1/health");

        var only = Assert.Single(health.GetProperty("sources").EnumerateArray());
        Assert.Equal("kraken", only.GetProperty("name").GetString());
        Assert.Equal("ok", only.GetProperty("status").GetString());
        Assert.Equal(1, only.GetProperty("rejected").GetProperty("invalid").GetInt64()); // etheur's price of -1
        Assert.Equal(1, health.GetProperty("source").GetProperty("rejectedValues").GetInt64());
    }

    [Theory]
    [InlineData("--Tracker:Sources=kraken,cryptowatch", "Tracker:Sources")]
    [InlineData("--Tracker:Binance:BaseUrl=api.binance.us", "Tracker:Binance:BaseUrl")]
    [InlineData("--Tracker:Quality:MaxDeviation=0", "Tracker:Quality:MaxDeviation")]
    [InlineData("--Tracker:Coinbase:RequestsPerSecond=50", "Tracker:Coinbase:RequestsPerSecond")]
    public async Task InvalidMarketSetting_StopsStartupWithAMessageNamingTheKey(string arg, string key)
    {
        var (exitCode, output) = await TrackerProcess.RunToExitAsync(arg, "--urls", "http://127.0.0.1:0");

        Assert.NotEqual(0, exitCode);
        Assert.Contains(key, output);
        Assert.DoesNotContain("   at ", output);
    }

    /// <summary>
    /// In-process, on a fake clock frozen at the real time (the fake exchanges stamp their tickers with it): the live loop
    /// ticks once at start and then waits for a minute that never comes, so each test sees exactly one tick.
    /// </summary>
    private static Task<TrackerApp> Start(params string[] args) => new TrackerApp(args, start: DateTimeOffset.UtcNow).StartAsync();

    /// <summary>Waits (on the condition) for the first tick to be stored.</summary>
    private static async Task<JsonElement> WaitForFirstTickAsync(TrackerApp app)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var health = await app.GetJsonAsync("/v1/health");
            if (health.GetProperty("metrics").GetInt32() > 0) return health;
            if (limit.IsCancellationRequested) throw new TimeoutException("No tick was stored:\n" + app.Output);
            await Task.Delay(50, CancellationToken.None);
        }
    }
}
