using CryptoTracker.Core.Markets;
using CryptoTracker.Sources.Coinbase;
using CryptoTracker.Sources.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Sources.Tests;

public class CoinbaseSourceTests
{
    private const string Ticker = """{"ask":"64001","bid":"63999","volume":"812.5","trade_id":1,"price":"64000.5","size":"0.1","time":"2026-01-05T10:00:01.5Z"}""";

    [Fact]
    public void ParseTicker_OnTheRealSample_ReadsPriceVolumeAndTime()
    {
        var tick = CoinbaseParser.ParseTicker(File.ReadAllText(SharedData.RequireFile("fixtures/coinbase/products_BTC-USDT_ticker_2024-03-13.json")));

        // Read off the file: "price": "73367.8", "volume": "1207.50668151", "time": "2024-03-13T11:10:41.270099Z".
        Assert.Equal(73367.8, tick.Price);
        Assert.Equal(1207.50668151, tick.Volume24h);
        Assert.Equal(new DateTimeOffset(2024, 3, 13, 11, 10, 41, TimeSpan.Zero).AddTicks(2700990), tick.Time);
    }

    [Theory]
    [InlineData("BTC-USD", "btcusd")]
    [InlineData("BTC-USDT", "btcusdt")]
    [InlineData("BTCUSDT", "btcusdt")]
    [InlineData("BTC/USD", "btcusd")]
    public void Symbols_LineUpAcrossExchanges(string exchangeSymbol, string expected) => Assert.Equal(expected, Symbols.Normalize(exchangeSymbol));

    private static CoinbaseSource Source(string url, string products, double perSecond = 8, TimeSpan? timeout = null, TimeProvider? clock = null) => new(
        FakeExchange.Clients(CoinbaseSource.HttpClientName, url),
        Options.Create(new CoinbaseOptions { BaseUrl = url, Products = products, RequestsPerSecond = perSecond, Timeout = timeout ?? TimeSpan.FromSeconds(5) }),
        clock ?? TimeProvider.System);

    [Fact]
    public async Task Fetch_OverHttp_PollsOnlyConfiguredProducts_StampedWithTradeTime()
    {
        await using var coinbase = new FakeExchange().Json("/products/BTC-USD/ticker", Ticker).Json("/products/ETH-EUR/ticker", Ticker);
        var source = Source(await coinbase.StartAsync(), "BTC-USD,eth-eur");

        var quotes = await source.FetchMarketAsync(CancellationToken.None);

        Assert.Equal(["price:btcusd", "volume:btcusd", "price:etheur", "volume:etheur"], quotes.Select(q => q.Quote.Metric.ToString()));
        Assert.Equal(64000.5, quotes[0].Quote.Value);
        Assert.Equal(812.5, quotes[1].Quote.Value);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 10, 0, 1, 500, TimeSpan.Zero), quotes[0].AsOf);
        Assert.Equal(["/products/BTC-USD/ticker", "/products/ETH-EUR/ticker"], coinbase.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task Fetch_IsPacedBelowTheRateLimit()
    {
        // The pacer waits on the injected clock: each request is stamped with the fake time it arrived at. (Each call's
        // timeout is a timer on the same clock: the test waits for the pacer's 100 ms pauses only.)
        var clock = new FakeClock(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
        var arrivals = new System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset>();
        await using var coinbase = new FakeExchange();
        string[] products = ["A-USD", "B-USD", "C-USD", "D-USD", "E-USD", "F-USD"];
        foreach (var p in products)
            coinbase.On($"/products/{p}/ticker", c => { arrivals.Enqueue(clock.GetUtcNow()); return c.Response.WriteAsync(Ticker); });
        var source = Source(await coinbase.StartAsync(), string.Join(',', products), perSecond: 10, clock: clock);

        var run = Task.Run(async () =>
        {
            await source.FetchMarketAsync(CancellationToken.None);
            await source.FetchMarketAsync(CancellationToken.None);
        }, TestContext.Current.CancellationToken);
        // 12 requests at 10/s: the first at once, each of the other 11 after a 100 ms wait (also across the two ticks).
        for (var i = 0; i < 11; i++)
        {
            await clock.WaitForDelayAsync(TimeSpan.FromMilliseconds(100));
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }
        await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, 12).Select(i => new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero).AddMilliseconds(100 * i)), arrivals);
    }

    [Theory]
    [InlineData(429, "Rate limited")]
    [InlineData(502, "HTTP 502")]
    [InlineData(404, "HTTP 404")]
    public async Task Fetch_OnErrorStatus_Throws(int status, string expected)
    {
        await using var coinbase = new FakeExchange().Status("/products/BTC-USD/ticker", status, """{"message":"boom"}""");
        var source = Source(await coinbase.StartAsync(), "BTC-USD");

        var ex = await Assert.ThrowsAsync<ExchangeApiException>(() => source.FetchMarketAsync(CancellationToken.None));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public async Task Fetch_OnMalformedJsonOrMissingFields_Throws()
    {
        await using var coinbase = new FakeExchange().Json("/products/BTC-USD/ticker", "{\"price\":").Json("/products/ETH-USD/ticker", """{"price":"1"}""");
        var url = await coinbase.StartAsync();

        Assert.Contains("malformed JSON", (await Assert.ThrowsAsync<ExchangeApiException>(() => Source(url, "BTC-USD").FetchMarketAsync(CancellationToken.None))).Message);
        Assert.Contains("without price, volume or time", (await Assert.ThrowsAsync<ExchangeApiException>(() => Source(url, "ETH-USD").FetchMarketAsync(CancellationToken.None))).Message);
    }

    [Fact]
    public async Task Fetch_WhenCoinbaseHangs_TimesOutOnTheClock()
    {
        // The timeout runs on the injected clock: the test moves it once the request is out, no real time passes.
        var clock = new FakeClock(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
        var hang = new NoAnswer();
        await using var coinbase = new FakeExchange().On("/products/BTC-USD/ticker", hang.Handle);
        var source = Source(await coinbase.StartAsync(), "BTC-USD", timeout: TimeSpan.FromSeconds(5), clock: clock);

        var fetch = source.FetchMarketAsync(TestContext.Current.CancellationToken);
        var ex = await hang.TimesOutAsync(fetch, clock, TimeSpan.FromSeconds(5));
        Assert.Equal("Coinbase /products/BTC-USD/ticker did not answer within 5 s.", ex.Message);
    }
}
