using System.Collections.Concurrent;
using System.Net;
using CryptoTracker.Sources.Http;
using CryptoTracker.Sources.Kraken;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Sources.Tests;


public class KrakenSourceHttpTests
{
    private static KrakenSource Source(string baseUrl, TimeSpan? timeout = null, TimeProvider? clock = null)
    {
        var services = new ServiceCollection();
        services.AddHttpClient(KrakenSource.HttpClientName, h =>
        {
            h.BaseAddress = new Uri(baseUrl);
            h.DefaultRequestHeaders.UserAgent.ParseAdd("CryptoTracker-test/1.0");
        });
        var options = Options.Create(new KrakenOptions { Pairs = "btcusd,etheur", Timeout = timeout ?? TimeSpan.FromSeconds(5) });
        return new KrakenSource(services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>(), options, clock ?? TimeProvider.System);
    }

    [Fact]
    public async Task Fetch_OverHttp_MapsPairsAndSendsAUserAgent()
    {
        await using var kraken = new FakeKraken
        {
            Ticker = c => c.Response.WriteAsync("""
                {"error":[],"result":{"XXBTZUSD":{"c":["64000.1","0.1"],"v":["10","1234.5"]},"XETHZEUR":{"c":["2900.25","1"],"v":["3","456"]}}}
                """),
        };
        var source = Source(await kraken.StartAsync());

        var quotes = await source.FetchAsync(CancellationToken.None);
        await source.FetchAsync(CancellationToken.None);

        Assert.Equal(["price:btcusd=64000.1", "volume:btcusd=1234.5", "price:etheur=2900.25", "volume:etheur=456"],
            quotes.Select(q => $"{q.Metric}={q.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
        Assert.Equal(1, kraken.AssetPairCalls); // the mapping is cached between ticks
        Assert.All(kraken.UserAgents, ua => Assert.StartsWith("CryptoTracker-test/1.0", ua));
    }

    [Fact]
    public async Task Fetch_WhenKrakenAnswers503_ThrowsWithTheStatus()
    {
        await using var kraken = new FakeKraken { Ticker = c => { c.Response.StatusCode = 503; return Task.CompletedTask; } };
        var source = Source(await kraken.StartAsync());

        var ex = await Assert.ThrowsAsync<ExchangeApiException>(() => source.FetchAsync(CancellationToken.None));
        Assert.Contains("503", ex.Message);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.Status);
        Assert.False(ex.IsFinal); // worth asking again within the tick
    }

    [Theory]
    [InlineData(403)]
    [InlineData(451)]
    [InlineData(418)]
    public async Task Fetch_WhenKrakenRefuses_TheFailureIsFinal_LikeEveryOtherExchanges(int status)
    {
        await using var kraken = new FakeKraken { Ticker = c => { c.Response.StatusCode = status; return Task.CompletedTask; } };
        var source = Source(await kraken.StartAsync());

        var ex = await Assert.ThrowsAsync<ExchangeApiException>(() => source.FetchAsync(CancellationToken.None));
        Assert.Equal((HttpStatusCode)status, ex.Status);
        Assert.True(ex.IsFinal); // the tick does not retry it (LiveTick, MarketsSource)
        Assert.Contains($"HTTP {status}", ex.Message);
    }

    [Fact]
    public async Task Fetch_WhenKrakenHangs_TimesOutOnTheClock()
    {
        var clock = new FakeClock(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
        var hang = new NoAnswer();
        await using var kraken = new FakeKraken { Ticker = hang.Handle };
        var source = Source(await kraken.StartAsync(), TimeSpan.FromSeconds(5), clock);

        var fetch = source.FetchAsync(TestContext.Current.CancellationToken); // AssetPairs answers at once, then the ticker hangs
        var ex = await hang.TimesOutAsync(fetch, clock, TimeSpan.FromSeconds(5));
        Assert.Equal("Kraken /0/public/Ticker did not answer within 5 s.", ex.Message);
    }

    [Fact]
    public async Task Fetch_WhenNothingListens_FailsWithAConnectionError()
    {
        var source = Source("http://127.0.0.1:9"); // discard port: connection refused

        await Assert.ThrowsAsync<HttpRequestException>(() => source.FetchAsync(CancellationToken.None));
    }
}
