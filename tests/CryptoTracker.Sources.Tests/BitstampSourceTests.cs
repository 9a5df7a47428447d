using CryptoTracker.Sources.Bitstamp;
using CryptoTracker.Sources.Http;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Sources.Tests;

public class BitstampSourceTests
{
    // The shape of GET /api/v2/ticker/ (all pairs). There is no real recorded ticker in ../shared (the one found showed a
    // price that was not the market's), so these numbers are made up for the test.
    private const string AllTickers = """
        [{"timestamp":"1767607200","open":"63000","high":"65000","low":"62000","last":"64000.5","volume":"321.25","vwap":"64100","bid":"64000","ask":"64001","side":"0","open_24":"63500","percent_change_24":"0.8","pair":"BTC/USD"},
         {"timestamp":"1767607200","open":"3000","high":"3200","low":"2900","last":"3100","volume":"99","vwap":"3050","bid":"3099","ask":"3101","side":"1","open_24":"3050","percent_change_24":"1.6","pair":"ETH/EUR"},
         {"timestamp":"1767607200","open":"1","high":"1","low":"1","last":"1","volume":"1","vwap":"1","bid":"1","ask":"1","side":"1","open_24":"1","percent_change_24":"0","pair":"XRP/USD"}]
        """;

    [Fact]
    public void ParseEnabledPairs_OnTheRealListing_KeepsTheEnabledUrlSymbols()
    {
        var pairs = BitstampParser.ParseEnabledPairs(File.ReadAllText(SharedData.RequireFile("fixtures/bitstamp/trading_pairs_info.json")));

        // 103 pairs in the file, one "Disabled" (ETH2/ETH, url_symbol eth2eth).
        Assert.Equal(102, pairs.Count);
        Assert.Contains("btcusd", pairs);
        Assert.Contains("btceur", pairs);
        Assert.DoesNotContain("eth2eth", pairs);
    }

    [Fact]
    public void ParseTickers_AllPairsArrayAndSinglePairObject()
    {
        var all = BitstampParser.ParseTickers(AllTickers);
        var one = BitstampParser.ParseTickers("""{"timestamp":"1767607260","last":"64010","volume":"322"}""", "btcusd");

        Assert.Equal(new BitstampTick("btcusd", 64000.5, 321.25, new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero)), all[0]);
        Assert.Equal(["btcusd", "etheur", "xrpusd"], all.Select(t => t.Symbol));
        Assert.Equal(new BitstampTick("btcusd", 64010, 322, new DateTimeOffset(2026, 1, 5, 10, 1, 0, TimeSpan.Zero)), Assert.Single(one));
    }

    private static BitstampSource Source(string url, string pairs = "btcusd,etheur", TimeSpan? timeout = null, TimeProvider? clock = null) => new(
        FakeExchange.Clients(BitstampSource.HttpClientName, url),
        Options.Create(new BitstampOptions { BaseUrl = url, Pairs = pairs, Timeout = timeout ?? TimeSpan.FromSeconds(5) }), clock ?? TimeProvider.System);

    [Fact]
    public async Task Fetch_OverHttp_OneCallForAllPairs()
    {
        await using var bitstamp = new FakeExchange().Json("/api/v2/ticker/", AllTickers);
        var source = Source(await bitstamp.StartAsync());

        var quotes = await source.FetchMarketAsync(CancellationToken.None);

        Assert.Equal(["price:btcusd", "volume:btcusd", "price:etheur", "volume:etheur"], quotes.Select(q => q.Quote.Metric.ToString()));
        Assert.Equal([64000.5, 321.25, 3100, 99], quotes.Select(q => q.Quote.Value));
        Assert.Single(bitstamp.Requests);
    }

    [Fact]
    public async Task Fetch_WithoutTheAllPairsEndpoint_FallsBackToEnabledConfiguredPairs()
    {
        await using var bitstamp = new FakeExchange()
            .Json("/api/v2/trading-pairs-info/", """[{"url_symbol":"btcusd","trading":"Enabled"},{"url_symbol":"etheur","trading":"Disabled"}]""")
            .Json("/api/v2/ticker/btcusd/", """{"timestamp":"1767607200","last":"64000.5","volume":"321.25"}""");
        var source = Source(await bitstamp.StartAsync());

        var quotes = await source.FetchMarketAsync(CancellationToken.None);
        await source.FetchMarketAsync(CancellationToken.None);

        Assert.Equal(["price:btcusd", "volume:btcusd"], quotes.Select(q => q.Quote.Metric.ToString()));
        // First tick: all-pairs (404), pairs info, btcusd. Second: the fallback is remembered and the pairs info cached.
        Assert.Equal(["/api/v2/ticker/", "/api/v2/trading-pairs-info/", "/api/v2/ticker/btcusd/", "/api/v2/ticker/btcusd/"],
            bitstamp.Requests.Select(r => r.PathAndQuery));
    }

    [Theory]
    [InlineData(429, "Rate limited")]
    [InlineData(500, "HTTP 500")]
    public async Task Fetch_OnErrorStatus_Throws(int status, string expected)
    {
        await using var bitstamp = new FakeExchange().Status("/api/v2/ticker/", status);
        var source = Source(await bitstamp.StartAsync());

        Assert.Contains(expected, (await Assert.ThrowsAsync<ExchangeApiException>(() => source.FetchMarketAsync(CancellationToken.None))).Message);
    }

    [Fact]
    public async Task Fetch_OnMalformedJsonOrErrorObject_Throws()
    {
        await using var bitstamp = new FakeExchange().Json("/api/v2/ticker/", "[{");
        var source = Source(await bitstamp.StartAsync());
        Assert.Contains("malformed JSON", (await Assert.ThrowsAsync<ExchangeApiException>(() => source.FetchMarketAsync(CancellationToken.None))).Message);

        Assert.Contains("Invalid pair", Assert.Throws<ExchangeApiException>(() => BitstampParser.ParseTickers("""{"status":"error","reason":"Invalid pair"}""")).Message);
    }

    [Fact]
    public async Task Fetch_WhenBitstampHangs_TimesOutOnTheClock()
    {
        var clock = new FakeClock(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
        var hang = new NoAnswer();
        await using var bitstamp = new FakeExchange().On("/api/v2/ticker/", hang.Handle);
        var source = Source(await bitstamp.StartAsync(), timeout: TimeSpan.FromSeconds(5), clock: clock);

        var fetch = source.FetchMarketAsync(TestContext.Current.CancellationToken);
        var ex = await hang.TimesOutAsync(fetch, clock, TimeSpan.FromSeconds(5));
        Assert.Equal("Bitstamp /api/v2/ticker/ did not answer within 5 s.", ex.Message);
    }
}
