using System.Net;
using CryptoTracker.Core.Markets;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Sources.Binance;
using CryptoTracker.Sources.Http;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Sources.Tests;

public class BinanceParserTests
{
    private static string AllSymbols() => File.ReadAllText(SharedData.RequireFile("fixtures/binance/ticker_24hr_all_symbols_2020-04-15.json"));

    [Fact]
    public void ParseTicker24h_OnTheRealAllSymbolsDump_ReadsEverySymbol()
    {
        var ticks = BinanceParser.ParseTicker24h(AllSymbols());

        Assert.Equal(786, ticks.Count); // SOURCES.md: 786 objects
        // Read off the file: BTCUSDT lastPrice "6623.33000000", volume "61595.66151000", closeTime 1586994277967.
        var btc = ticks.Single(t => t.Symbol == "btcusdt");
        Assert.Equal(6623.33, btc.Last);
        Assert.Equal(61595.66151, btc.Volume24h);
        Assert.Equal(new DateTimeOffset(2020, 4, 15, 23, 44, 37, 967, TimeSpan.Zero), btc.CloseTime);
        // The first object: ETHBTC lastPrice "0.02310400", volume "271051.58200000".
        Assert.Equal(new BinanceTick("ethbtc", 0.023104, 271051.582, DateTimeOffset.FromUnixTimeMilliseconds(1586994277969)), ticks[0]);
    }

    [Fact]
    public void ParseTicker24h_OnTheRealSingleSymbolAnswer_ReadsTheObject()
    {
        var tick = Assert.Single(BinanceParser.ParseTicker24h(File.ReadAllText(SharedData.RequireFile("fixtures/binance/ticker_24hr_BTCUSDT_2020-04-15.json"))));

        // "lastPrice": "6705.82000000", "volume": "57857.49485700", "closeTime": 1586991278494
        Assert.Equal(new BinanceTick("btcusdt", 6705.82, 57857.494857, DateTimeOffset.FromUnixTimeMilliseconds(1586991278494)), tick);
    }

    [Fact]
    public void StaleRule_OnTheRealDump_IgnoresThe184SymbolsThatStoppedBefore14April()
    {
        var quotes = BinanceSource.ToQuotes(BinanceParser.ParseTicker24h(AllSymbols()), "*");
        // Fixed clock: 15 Apr 00:00 UTC with a one-day limit puts the cut-off at 14 Apr 00:00 UTC. SOURCES.md counts 184
        // symbols (delisted or halted) whose closeTime is before it; each gives a price and a volume quote.
        var rules = new MarketQualityOptions { MaxTickerAge = TimeSpan.FromDays(1) };

        var result = CrossMarketAggregate.Single(new MarketFetch("binance", quotes), new DateTimeOffset(2020, 4, 15, 0, 0, 0, TimeSpan.Zero), rules);

        Assert.Equal(new RejectionCounts(Invalid: 0, Stale: 2 * 184, Outlier: 0), result.Rejected["binance"]);
        Assert.Equal(2 * (786 - 184), result.Quotes.Count);
        Assert.Contains(new Quote(new MetricId("price", "btcusdt"), 6623.33), result.Quotes);
    }

    [Fact]
    public void ToQuotes_KeepsConfiguredSymbolsOnly()
    {
        var quotes = BinanceSource.ToQuotes(BinanceParser.ParseTicker24h(AllSymbols()), "btcusdt,ethusdt,nosuchpair");

        Assert.Equal(["price:btcusdt", "volume:btcusdt", "price:ethusdt", "volume:ethusdt"], quotes.Select(q => q.Quote.Metric.ToString()));
    }

    [Fact]
    public void ParseTicker24h_BinanceErrorObject_Throws()
    {
        var ex = Assert.Throws<ExchangeApiException>(() => BinanceParser.ParseTicker24h("""{"code":-1003,"msg":"Too much request weight used."}"""));
        Assert.Contains("Too much request weight", ex.Message);
    }
}

public class BinanceSourceHttpTests
{
    private const string TwoSymbols = """
        [{"symbol":"BTCUSDT","lastPrice":"64000.10","volume":"1234.5","closeTime":1767607200000},
         {"symbol":"ETHUSDT","lastPrice":"3100.5","volume":"99","closeTime":1767607200000},
         {"symbol":"DOGEUSDT","lastPrice":"0.1","volume":"5","closeTime":1767607200000}]
        """;

    private static BinanceSource Source(string url, TimeSpan? timeout = null, TimeProvider? clock = null) => new(
        FakeExchange.Clients(BinanceSource.HttpClientName, url),
        Options.Create(new BinanceOptions { BaseUrl = url, Pairs = "btcusdt,ethusdt", Timeout = timeout ?? TimeSpan.FromSeconds(5) }),
        clock ?? TimeProvider.System);

    [Fact]
    public async Task Fetch_OverHttp_OneCallForAllSymbols_StampedWithCloseTime()
    {
        await using var binance = new FakeExchange().Json(BinanceSource.Path, TwoSymbols);
        var source = Source(await binance.StartAsync());

        var quotes = await source.FetchMarketAsync(CancellationToken.None);

        Assert.Equal(["price:btcusdt=64000.1", "volume:btcusdt=1234.5", "price:ethusdt=3100.5", "volume:ethusdt=99"],
            quotes.Select(q => $"{q.Quote.Metric}={q.Quote.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
        Assert.All(quotes, q => Assert.Equal(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero), q.AsOf));
        var request = Assert.Single(binance.Requests);
        Assert.Equal("/api/v3/ticker/24hr", request.PathAndQuery); // no symbol list: all symbols, weight 80
        Assert.StartsWith("CryptoTracker-test", request.UserAgent);
    }

    [Fact]
    public async Task Fetch_WhenBinanceGeoBlocks_SaysSoAndNamesTheSetting()
    {
        await using var binance = new FakeExchange().Status(BinanceSource.Path, 451, """{"code":0,"msg":"Service unavailable from a restricted location"}""");
        var source = Source(await binance.StartAsync());

        var ex = await Assert.ThrowsAsync<ExchangeApiException>(() => source.FetchMarketAsync(CancellationToken.None));

        Assert.Equal(HttpStatusCode.UnavailableForLegalReasons, ex.Status);
        Assert.Contains("HTTP 451", ex.Message);
        Assert.Contains("Tracker:Binance:BaseUrl", ex.Message);
        Assert.Contains("https://api.binance.us", ex.Message);
    }

    [Theory]
    [InlineData(429, "Rate limited")]
    [InlineData(500, "HTTP 500")]
    [InlineData(503, "HTTP 503")]
    public async Task Fetch_OnErrorStatus_ThrowsWithTheStatus(int status, string expected)
    {
        await using var binance = new FakeExchange().On(BinanceSource.Path, c =>
        {
            c.Response.StatusCode = status;
            if (status == 429) c.Response.Headers.RetryAfter = "30";
            return Task.CompletedTask;
        });
        var source = Source(await binance.StartAsync());

        var ex = await Assert.ThrowsAsync<ExchangeApiException>(() => source.FetchMarketAsync(CancellationToken.None));
        Assert.Contains(expected, ex.Message);
        if (status == 429) Assert.Contains("retry after 30 s", ex.Message);
    }

    [Fact]
    public async Task Fetch_OnMalformedJson_ThrowsNamingBinance()
    {
        await using var binance = new FakeExchange().Json(BinanceSource.Path, """[{"symbol":"BTCUSDT","lastPr""");
        var source = Source(await binance.StartAsync());

        var ex = await Assert.ThrowsAsync<ExchangeApiException>(() => source.FetchMarketAsync(CancellationToken.None));
        Assert.Contains("Binance answered malformed JSON", ex.Message);
    }

    [Fact]
    public async Task Fetch_WhenBinanceHangs_TimesOutOnTheClock()
    {
        var clock = new FakeClock(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
        var hang = new NoAnswer();
        await using var binance = new FakeExchange().On(BinanceSource.Path, hang.Handle);
        var source = Source(await binance.StartAsync(), TimeSpan.FromSeconds(5), clock);

        var fetch = source.FetchMarketAsync(TestContext.Current.CancellationToken);
        var ex = await hang.TimesOutAsync(fetch, clock, TimeSpan.FromSeconds(5));
        Assert.Equal("Binance /api/v3/ticker/24hr did not answer within 5 s.", ex.Message);
    }
}
