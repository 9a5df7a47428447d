using CryptoTracker.Core.Markets;
using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Tests;

public class CrossMarketAggregateTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 10, 0, 30, TimeSpan.Zero);
    private static readonly MarketQualityOptions Rules = new() { MaxDeviation = 0.05, MaxTickerAge = TimeSpan.FromMinutes(10) };

    private static MarketFetch Market(string name, params (string Type, string Symbol, double Value)[] quotes) =>
        new(name, quotes.Select(q => new MarketQuote(new Quote(new MetricId(q.Type, q.Symbol), q.Value))).ToList());

    private static double Value(AggregateMinute a, string id) => a.Quotes.Single(q => q.Metric.ToString() == id).Value;

    [Fact]
    public void Combine_ThreeAgreeingMarkets_MeanPriceSummedVolumeAndPerMarketSeries()
    {
        var result = CrossMarketAggregate.Combine(
        [
            Market("kraken", ("price", "btcusd", 100), ("volume", "btcusd", 10)),
            Market("binance", ("price", "btcusd", 102), ("volume", "btcusd", 20)),
            Market("coinbase", ("price", "btcusd", 101), ("volume", "btcusd", 5)),
        ], Now, Rules);

        // Median 101; the furthest market is 1/101 ≈ 1 % away: all contribute. Mean (100+102+101)/3 = 101, volume 10+20+5 = 35.
        Assert.Equal(101, Value(result, "price:btcusd"), 12);
        Assert.Equal(35, Value(result, "volume:btcusd"));
        Assert.Equal(100, Value(result, "price:btcusd@kraken"));
        Assert.Equal(20, Value(result, "volume:btcusd@binance"));
        Assert.Equal(8, result.Quotes.Count); // 3 markets × 2 + 2 aggregates
        Assert.Equal(["binance", "coinbase", "kraken"], result.Contributors[new MetricId("price", "btcusd")]);
        Assert.Empty(result.Outliers);
        Assert.All(result.Rejected.Values, r => Assert.Equal(0, r.Total));
    }

    [Fact]
    public void Combine_MarketFarFromTheMedian_IsLeftOutOfEveryAggregateOfTheSymbolButKeepsItsOwnSeries()
    {
        var result = CrossMarketAggregate.Combine(
        [
            Market("kraken", ("price", "btcusd", 100), ("volume", "btcusd", 10)),
            Market("binance", ("price", "btcusd", 101), ("volume", "btcusd", 20)),
            Market("coinbase", ("price", "btcusd", 120), ("volume", "btcusd", 5)),
        ], Now, Rules);

        // Median 101: coinbase is 19/101 ≈ 18.8 % away (> 5 %), kraken 1/101 ≈ 1 %. Aggregate of kraken and binance only.
        Assert.Equal(100.5, Value(result, "price:btcusd"), 12);
        Assert.Equal(30, Value(result, "volume:btcusd"));
        Assert.Equal(120, Value(result, "price:btcusd@coinbase"));
        var outlier = Assert.Single(result.Outliers);
        Assert.Equal(("coinbase", "btcusd", 120.0, 101.0), (outlier.Market, outlier.Symbol, outlier.Price, outlier.Median));
        Assert.Equal(19.0 / 101, outlier.Deviation, 12);
        Assert.Equal(2, result.Rejected["coinbase"].Outlier); // its price and its volume were kept out
        Assert.Equal(0, result.Rejected["kraken"].Total);
        Assert.Equal(["binance", "kraken"], result.Contributors[new MetricId("volume", "btcusd")]);
    }

    [Fact]
    public void Combine_DeviationExactlyAtTheLimit_StillContributes()
    {
        var result = CrossMarketAggregate.Combine(
            [Market("a", ("price", "x", 95)), Market("b", ("price", "x", 100)), Market("c", ("price", "x", 105))], Now, Rules);

        // Median 100; 95 and 105 are exactly 5 % away: kept. Mean 100.
        Assert.Empty(result.Outliers);
        Assert.Equal(100, Value(result, "price:x"), 12);
    }

    [Fact]
    public void Combine_TwoMarketsThatDisagree_NeitherMakesAnAggregate()
    {
        var result = CrossMarketAggregate.Combine([Market("a", ("price", "x", 100)), Market("b", ("price", "x", 120))], Now, Rules);

        // Median 110: both are 10/110 ≈ 9.1 % away. With two markets there is no majority to tell which one is wrong.
        Assert.DoesNotContain(result.Quotes, q => q.Metric.ToString() == "price:x");
        Assert.Equal(2, result.Outliers.Count);
        Assert.Equal(["price:x@a", "price:x@b"], result.Quotes.Select(q => q.Metric.ToString()));
    }

    [Fact]
    public void Combine_SymbolOnOneMarketOnly_AggregateIsThatMarket()
    {
        var result = CrossMarketAggregate.Combine(
            [Market("kraken", ("price", "btcusd", 100)), Market("binance", ("price", "btcusdt", 99), ("volume", "btcusdt", 7))], Now, Rules);

        Assert.Equal(100, Value(result, "price:btcusd"));
        Assert.Equal(99, Value(result, "price:btcusdt"));
        Assert.Equal(["binance"], result.Contributors[new MetricId("volume", "btcusdt")]);
    }

    [Fact]
    public void Combine_StaleAndInvalidValues_AreCountedAndNeverPassedOn()
    {
        var binance = new MarketFetch("binance",
        [
            new MarketQuote(new Quote(new MetricId("price", "btcusdt"), 100), Now.AddMinutes(-9)),   // fresh enough
            new MarketQuote(new Quote(new MetricId("price", "oldusdt"), 5), Now.AddMinutes(-11)),    // stale
            new MarketQuote(new Quote(new MetricId("volume", "oldusdt"), 0), Now.AddMinutes(-11)),   // stale
            new MarketQuote(new Quote(new MetricId("price", "badusdt"), -1), Now),                   // invalid
            new MarketQuote(new Quote(new MetricId("volume", "badusdt"), double.NaN), Now),          // invalid
        ]);

        var result = CrossMarketAggregate.Combine([binance, Market("kraken")], Now, Rules);

        Assert.Equal(new RejectionCounts(Invalid: 2, Stale: 2, Outlier: 0), result.Rejected["binance"]);
        Assert.Equal(["price:btcusdt@binance", "price:btcusdt"], result.Quotes.Select(q => q.Metric.ToString()));
    }

    [Fact]
    public void Single_KeepsPlainIdsAndMakesNoAggregates()
    {
        var result = CrossMarketAggregate.Single(Market("binance", ("price", "btcusdt", 100), ("volume", "btcusdt", -3)), Now, Rules);

        Assert.Equal([new Quote(new MetricId("price", "btcusdt"), 100)], result.Quotes);
        Assert.Equal(1, result.Rejected["binance"].Invalid);
        Assert.Empty(result.Contributors);
    }

    [Theory]
    [InlineData(new[] { 3.0 }, 3.0)]
    [InlineData(new[] { 5.0, 1.0, 3.0 }, 3.0)]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 2.5)]
    public void Median_OddAndEvenCounts(double[] values, double expected) => Assert.Equal(expected, CrossMarketAggregate.Median(values));

    [Fact]
    public void MarketSymbol_QualifiesAndSplits()
    {
        Assert.Equal("price:btcusd@kraken", MarketSymbol.Qualify(new MetricId("price", "btcusd"), "kraken").ToString());
        Assert.Equal(("btcusd", "kraken"), MarketSymbol.Split("btcusd@kraken"));
        Assert.Equal(("btcusd", (string?)null), MarketSymbol.Split("btcusd"));
        Assert.Null(MarketSymbol.Qualify(new MetricId("price", new string('a', 60)), "binance")); // 68 characters: too long
    }

    [Fact]
    public void MarketBoard_CountsRejectionsPerSourceAndFailuresInARow()
    {
        var board = new MarketBoard(["kraken", "binance"]);
        board.RecordFailure("binance", Now, "HTTP 451");
        board.RecordFailure("binance", Now, "HTTP 451");
        board.RecordSuccess("kraken", Now, 24);
        board.RecordMinute(Now, new AggregateMinute([], new Dictionary<MetricId, IReadOnlyList<string>>(),
            new Dictionary<string, RejectionCounts> { ["kraken"] = new(1, 0, 2) }, []));
        board.RecordMinute(Now, new AggregateMinute([], new Dictionary<MetricId, IReadOnlyList<string>>(),
            new Dictionary<string, RejectionCounts> { ["kraken"] = new(0, 3, 0) }, []));

        var sources = board.Sources;
        Assert.Equal(["kraken", "binance"], sources.Select(s => s.Name));
        Assert.Equal(new RejectionCounts(1, 3, 2), sources[0].Rejected);
        Assert.Equal(2, sources[1].ConsecutiveFailures);
        Assert.Equal("HTTP 451", sources[1].LastError);
    }
}

public class CarriedOverTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 10, 0, 30, TimeSpan.Zero);
    private static readonly MarketQualityOptions Rules = new();

    [Fact]
    public void Combine_CarriedOverMarket_StaysInTheAggregatesUntilStale_WithoutPerMarketPointsOrCounts()
    {
        MarketQuote Q(string type, double v, DateTimeOffset at) => new(new Quote(new MetricId(type, "btcusd"), v), at);
        var kraken = new MarketFetch("kraken", [Q("price", 100, Now), Q("volume", 10, Now)]);
        var binanceFiveMinutesAgo = new MarketFetch("binance", [Q("price", 102, Now.AddMinutes(-5)), Q("volume", 90, Now.AddMinutes(-5))], CarriedOver: true);
        var binanceElevenMinutesAgo = binanceFiveMinutesAgo with { Quotes = [Q("price", 102, Now.AddMinutes(-11)), Q("volume", 90, Now.AddMinutes(-11))] };

        var recent = CrossMarketAggregate.Combine([kraken, binanceFiveMinutesAgo], Now, Rules);
        var old = CrossMarketAggregate.Combine([kraken, binanceElevenMinutesAgo], Now, Rules);

        // 5 min old (< 10 min): still counted, (100 + 102)/2 = 101 and 10 + 90 = 100; no price:btcusd@binance point.
        Assert.Equal(["price:btcusd@kraken", "volume:btcusd@kraken", "price:btcusd", "volume:btcusd"], recent.Quotes.Select(q => q.Metric.ToString()));
        Assert.Equal([101.0, 100.0], recent.Quotes.Skip(2).Select(q => q.Value));
        // 11 min old: retired by the stale rule, and not counted as a refusal (it was not a new answer).
        Assert.Equal([100.0, 10.0], old.Quotes.Skip(2).Select(q => q.Value));
        Assert.Equal(0, old.Rejected["binance"].Total);
    }
}
