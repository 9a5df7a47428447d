using System.Text.Json;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Sources.Http;
using CryptoTracker.Sources.Kraken;

namespace CryptoTracker.Sources.Tests;

public class KrakenParserTests
{
    [Theory]
    [InlineData("XXBT", "BTC")]
    [InlineData("XBT", "BTC")]
    [InlineData("XXDG", "DOGE")]
    [InlineData("XDG", "DOGE")]
    [InlineData("ZUSD", "USD")]
    [InlineData("XETH", "ETH")]
    [InlineData("USDC", "USDC")]
    [InlineData("XTZ", "XTZ")]   // Tezos: a three-letter code that merely starts with X
    [InlineData("ZETA", "ZETA")] // a modern four-letter asset that merely starts with Z
    public void NormalizeAsset_StripsOnlyLegacyClassPrefixes(string code, string expected) =>
        Assert.Equal(expected, KrakenParser.NormalizeAsset(code));

    [Fact]
    public void ParseAssetPairs_OnTheRealFullListing_MapsTheSeedsTwelvePairs()
    {
        var pairs = KrakenParser.ParseAssetPairs(File.ReadAllText(SharedData.RequireFile("fixtures/kraken/AssetPairs_all_2026-01.json")));

        // Keys as Kraken names them in the 2026-01 listing (read off the file).
        var expected = new Dictionary<string, string>
        {
            ["XXBTZEUR"] = "btceur", ["XXBTZGBP"] = "btcgbp", ["XXBTZJPY"] = "btcjpy", ["XXBTZUSD"] = "btcusd",
            ["XBTUSDC"] = "btcusdc", ["XBTUSDT"] = "btcusdt", ["XETHZEUR"] = "etheur", ["XETHZGBP"] = "ethgbp",
            ["XETHZJPY"] = "ethjpy", ["XETHZUSD"] = "ethusd", ["ETHUSDC"] = "ethusdc", ["ETHUSDT"] = "ethusdt",
        };
        foreach (var (key, symbol) in expected)
        {
            Assert.Equal(symbol, pairs[key].Symbol);
            Assert.Equal("online", pairs[key].Status);
        }
        Assert.Equal("dogebtc", pairs["XXDGXXBT"].Symbol);
        Assert.Equal("usdjpy", pairs["ZUSDZJPY"].Symbol);
        Assert.Equal("zecusd", pairs["XZECZUSD"].Symbol);
        Assert.Equal("xtzusd", pairs["XTZUSD"].Symbol);
        // 1,434 pairs, 1,365 online (SOURCES.md); altnames are extra keys pointing at the same pairs.
        Assert.Equal(1434, pairs.Values.Select(p => p.Key).Distinct().Count());
        Assert.Equal(1365, pairs.Values.DistinctBy(p => p.Key).Count(p => p.Status == "online"));
    }

    [Fact]
    public void ParseTicker_OnTheRealSample_ReadsLastPriceAndTwentyFourHourVolume()
    {
        var ticks = KrakenParser.ParseTicker(File.ReadAllText(SharedData.RequireFile("fixtures/kraken/nautilus_http_ticker.json")));

        var tick = Assert.Single(ticks);
        Assert.Equal("XBTUSDT", tick.Key);
        Assert.Equal(105899.4, tick.Last);          // c[0] "105899.40000"
        Assert.Equal(163.28908096, tick.Volume24h); // v[1] "163.28908096"
    }

    [Fact]
    public void ToQuotes_KeepsOnlyTrackedOnlinePairs()
    {
        var pairs = new Dictionary<string, KrakenPair>
        {
            ["XXBTZUSD"] = new("XXBTZUSD", "btcusd", "online"),
            ["XETHZUSD"] = new("XETHZUSD", "ethusd", "cancel_only"),
            ["SOLUSD"] = new("SOLUSD", "solusd", "online"),
        };
        KrakenTick[] ticks = [new("XXBTZUSD", 64000.5, 1200), new("XETHZUSD", 3000, 5), new("SOLUSD", 150, 9), new("UNKNOWN", 1, 1)];

        var tracked = KrakenSource.ToQuotes(ticks, pairs, new KrakenOptions { Pairs = "btcusd,ethusd" });
        var all = KrakenSource.ToQuotes(ticks, pairs, new KrakenOptions { Pairs = "*" });

        Assert.Equal([new Quote(new MetricId("price", "btcusd"), 64000.5), new Quote(new MetricId("volume", "btcusd"), 1200)], tracked);
        Assert.Equal(["btcusd", "solusd"], all.Select(q => q.Metric.Symbol).Distinct());
    }

    [Fact]
    public void Parse_WhenKrakenReportsErrors_ThrowsWithTheirText()
    {
        var ex = Assert.Throws<ExchangeApiException>(() => KrakenParser.ParseTicker("""{"error":["EGeneral:Too many requests"],"result":{}}"""));
        Assert.Contains("EGeneral:Too many requests", ex.Message);
    }

    [Fact]
    public void Parse_OnMalformedJson_Throws()
    {
        Assert.Contains("malformed JSON", Assert.Throws<ExchangeApiException>(() => KrakenParser.ParseTicker("""{"error":[],"result":{"XXBTZUSD":""")).Message);
        Assert.Contains("malformed JSON", Assert.Throws<ExchangeApiException>(() => KrakenParser.ParseTicker("<html>502 Bad Gateway</html>")).Message);
        Assert.Throws<ExchangeApiException>(() => KrakenParser.ParseTicker("[]"));
    }

    [Fact]
    public void ParseTicker_SkipsPairsWithUnparsableNumbers()
    {
        var ticks = KrakenParser.ParseTicker("""{"error":[],"result":{"A":{"c":["x","1"],"v":["1","2"]},"B":{"c":["5.5","1"],"v":["1","2.25"]}}}""");

        Assert.Equal([new KrakenTick("B", 5.5, 2.25)], ticks);
    }
}
