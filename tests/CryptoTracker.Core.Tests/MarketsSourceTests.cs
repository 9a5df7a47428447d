using CryptoTracker.Core.Markets;
using CryptoTracker.Core.Ports;

namespace CryptoTracker.Core.Tests;

/// <summary>Several exchanges as one tick's source: only the markets that failed are asked again; a final refusal never.</summary>
public sealed class MarketsSourceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 2, TimeSpan.Zero);

    private sealed class Refused(string message) : Exception(message), IFinalSourceFailure
    {
        public bool IsFinal => true;
    }

    private static (MarketsSource Source, MarketBoard Board) Build(int attempts, params ScriptedSource[] markets)
    {
        var board = new MarketBoard(markets.Select(m => m.Name));
        return (new MarketsSource(markets, board, new FakeClock(T0), attempts, new MarketQualityOptions()), board);
    }

    [Fact]
    public async Task AFinalRefusal_EndsThatMarketsTick_AtOnce_AndTheOthersGoOn()
    {
        var kraken = new ScriptedSource("kraken", ScriptedSource.Fail(new Refused("Kraken /0/public/Ticker answered HTTP 403 Forbidden.")));
        var coinbase = new ScriptedSource("coinbase", ScriptedSource.Price("btcusd", 100));
        var (source, board) = Build(3, kraken, coinbase);

        var quotes = await source.FetchAsync(TestContext.Current.CancellationToken);

        Assert.Equal((1, 1), (kraken.Calls, coinbase.Calls));
        Assert.Contains(quotes, q => q.Metric.ToString() == "price:btcusd" && q.Value == 100);
        Assert.Equal(1, board.Sources.Single(s => s.Name == "kraken").ConsecutiveFailures);
        var skipped = Assert.IsType<MarketSkipped>(Assert.Single(source.TakeNotes()));
        Assert.Equal("kraken", skipped.Market);
        Assert.Contains("HTTP 403", skipped.Error);
    }

    [Fact]
    public async Task ATransientFailure_IsAskedAgain_OnlyForTheMarketThatFailed()
    {
        var kraken = new ScriptedSource("kraken", ScriptedSource.Fail(new IOException("HTTP 503")), ScriptedSource.Price("btcusd", 102));
        var coinbase = new ScriptedSource("coinbase", ScriptedSource.Price("btcusd", 100));
        var (source, board) = Build(2, kraken, coinbase);

        var first = await Assert.ThrowsAsync<MarketsUnavailableException>(() => source.FetchAsync(TestContext.Current.CancellationToken));
        Assert.False(first.IsFinal); // the tick retries it
        var quotes = await source.FetchAsync(TestContext.Current.CancellationToken);

        Assert.Equal((2, 1), (kraken.Calls, coinbase.Calls));
        Assert.Contains(quotes, q => q.Metric.ToString() == "price:btcusd" && q.Value == 101); // both answered: (100 + 102) / 2
        Assert.All(board.Sources, s => Assert.Equal(0, s.ConsecutiveFailures));
    }
}
