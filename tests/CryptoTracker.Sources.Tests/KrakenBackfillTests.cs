using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using CryptoTracker.Sources.Http;
using CryptoTracker.Sources.Kraken;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Sources.Tests;

public class KrakenOhlcParserTests
{
    [Fact]
    public void ParseOhlc_OnTheRealAnswer_DropsTheCurrentCandleAndKeeps720Minutes()
    {
        var ohlc = KrakenParser.ParseOhlc(File.ReadAllText(SharedData.RequireFile("fixtures/kraken/nautilus_http_ohlc.json")));

        // 721 rows: 1762777020 (2025-11-10 12:17 UTC) … 1762820220 (2025-11-11 00:17), "last": 1762820160 (00:16).
        Assert.Equal(721, ohlc.Candles.Count);
        Assert.Equal(new DateTimeOffset(2025, 11, 11, 0, 16, 0, TimeSpan.Zero), ohlc.Last);
        var committed = ohlc.Committed;
        Assert.Equal(720, committed.Count);
        Assert.Equal(new DateTimeOffset(2025, 11, 10, 12, 17, 0, TimeSpan.Zero), committed[0].Time);
        Assert.Equal(new DateTimeOffset(2025, 11, 11, 0, 16, 0, TimeSpan.Zero), committed[^1].Time);
        // Row 1762777140: close "106038.3", volume "0.00032101". Row 1762777020: close "106038.2", volume "0.00000000".
        Assert.Equal(new KrakenCandle(DateTimeOffset.FromUnixTimeSeconds(1762777140), 106038.3, 0.00032101), committed[2]);
        Assert.Equal(new KrakenCandle(DateTimeOffset.FromUnixTimeSeconds(1762777020), 106038.2, 0), committed[0]);
        // 216 zero-volume rows in the file, one of them the dropped current candle.
        Assert.Equal(215, committed.Count(c => c.Volume == 0));
    }

    [Fact]
    public void ParseOhlc_KrakenError_Throws() =>
        Assert.Contains("EQuery:Unknown asset pair",
            Assert.Throws<ExchangeApiException>(() => KrakenParser.ParseOhlc("""{"error":["EQuery:Unknown asset pair"]}""")).Message);
}

public class KrakenBackfillHttpTests
{
    private static KrakenSource Source(string url, string pairs, TimeSpan interval, TimeProvider? clock = null) => new(
        FakeExchange.Clients(KrakenSource.HttpClientName, url),
        Options.Create(new KrakenOptions { Pairs = pairs, CallInterval = interval, Timeout = TimeSpan.FromSeconds(30) }), clock ?? TimeProvider.System);

    private static string Candles(string key, long last, params (long T, string Close, string Volume)[] rows) =>
        "{\"error\":[],\"result\":{\"" + key + "\":["
        + string.Join(",", rows.Select(r => $"[{r.T},\"1\",\"1\",\"1\",\"{r.Close}\",\"1\",\"{r.Volume}\",1]"))
        + "],\"last\":" + last + "}}";

    [Fact]
    public async Task Backfill_OverHttp_OnePacedCallPerPair_PriceAndMinuteVolume_WithoutTheCurrentCandle()
    {
        const long t0 = 1767607200; // 2026-01-05 10:00 UTC
        // The pacing waits on the injected clock: each OHLC call is stamped with the fake time it arrived at.
        var clock = new FakeClock(DateTimeOffset.FromUnixTimeSeconds(t0 + 300));
        var arrivals = new System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset>();
        await using var kraken = new FakeKraken
        {
            Ohlc = c =>
            {
                arrivals.Enqueue(clock.GetUtcNow());
                return c.Request.Query["pair"] == "XXBTZUSD"
                    ? c.Response.WriteAsync(Candles("XXBTZUSD", t0 + 60, (t0, "100", "2"), (t0 + 60, "101", "0"), (t0 + 120, "102", "5")))
                    : c.Response.WriteAsync(Candles("XETHZEUR", t0 + 60, (t0, "10", "1"), (t0 + 60, "11", "3"), (t0 + 120, "12", "4")));
            },
        };
        var source = Source(await kraken.StartAsync(), "btcusd,etheur", TimeSpan.FromSeconds(1.1), clock);

        var backfill = source.BackfillAsync(DateTimeOffset.FromUnixTimeSeconds(t0 - 3600), DateTimeOffset.FromUnixTimeSeconds(t0 + 300), CancellationToken.None);
        await clock.WaitForDelayAsync(TimeSpan.FromSeconds(1.1)); // the second pair waits for its turn (not a call's timeout)
        clock.Advance(TimeSpan.FromSeconds(1.1));
        var minutes = await backfill.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        // Candles are stamped at their end: 10:00–10:01 → 10:01, 10:01–10:02 → 10:02. The 10:02 candle is each answer's
        // current one (after "last"): not stored. 10:01–10:02 had no btcusd trades: close carried forward, volume 0.
        Assert.Equal([DateTimeOffset.FromUnixTimeSeconds(t0 + 60), DateTimeOffset.FromUnixTimeSeconds(t0 + 120)], minutes.Select(m => m.Minute));
        Assert.Equal(["price:btcusd=101", "volume1m:btcusd=0", "price:etheur=11", "volume1m:etheur=3"],
            minutes[1].Quotes.Select(q => $"{q.Metric}={q.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
        var calls = kraken.OhlcCalls.ToList();
        Assert.Equal(2, calls.Count);
        Assert.All(calls, c => Assert.Contains("interval=1", c.Query));
        Assert.Contains($"since={t0 - 3600}", calls[0].Query);
        // Paced at Kraken's ~1 call/s (CallInterval 1.1 s).
        Assert.Equal([DateTimeOffset.FromUnixTimeSeconds(t0 + 300), DateTimeOffset.FromUnixTimeSeconds(t0 + 300).AddSeconds(1.1)], arrivals);
    }

    [Fact]
    public async Task Backfill_SkipsAFailingPair_ButFailsWhenEveryPairFails()
    {
        await using var kraken = new FakeKraken
        {
            Ohlc = c => c.Request.Query["pair"] == "XXBTZUSD"
                ? c.Response.WriteAsync(Candles("XXBTZUSD", 1767607260, (1767607200, "100", "2"), (1767607260, "100", "2"), (1767607320, "1", "1")))
                : WriteStatus(c, 502),
        };
        var url = await kraken.StartAsync();

        var some = await Source(url, "btcusd,etheur", TimeSpan.Zero).BackfillAsync(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, CancellationToken.None);
        Assert.Equal(2, some.Count);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1767607260), some[0].Minute);
        Assert.All(some, m => Assert.All(m.Quotes, q => Assert.Equal("btcusd", q.Metric.Symbol)));

        await Assert.ThrowsAsync<ExchangeApiException>(() => Source(url, "etheur", TimeSpan.Zero).BackfillAsync(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, CancellationToken.None));
    }

    [Fact]
    public async Task Backfill_WhenKrakenIsUnreachable_Fails()
    {
        var kraken = new FakeKraken();
        var url = await kraken.StartAsync();
        var source = Source(url, "btcusd,etheur", TimeSpan.Zero);
        await source.FetchAsync(CancellationToken.None); // AssetPairs cached, then Kraken disappears
        await kraken.DisposeAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => source.BackfillAsync(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, CancellationToken.None));
    }

    [Fact]
    public async Task MinuteVolume_Live_ReportsTheLastFinishedCandle_AndNeverHoldsBackTheTicker()
    {
        var minute = new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
        long prev = minute.AddMinutes(-1).ToUnixTimeSeconds(), cur = minute.ToUnixTimeSeconds();
        var logs = new LogCapture();
        var etheurFails = true;
        await using var kraken = new FakeKraken
        {
            Ticker = c => c.Response.WriteAsync("""{"error":[],"result":{"XXBTZUSD":{"c":["100","1"],"v":["1","50"]},"XETHZEUR":{"c":["10","1"],"v":["1","5"]}}}"""),
            Ohlc = c => c.Request.Query["pair"] == "XXBTZUSD"
                ? c.Response.WriteAsync(Candles("XXBTZUSD", prev, (prev - 60, "99", "1"), (prev, "100", "2.5"), (cur, "100", "9")))
                : etheurFails ? WriteStatus(c, 500) : c.Response.WriteAsync(Candles("XETHZEUR", prev, (prev, "10", "0.5"), (cur, "10", "7"))),
        };
        var source = new KrakenSource(FakeExchange.Clients(KrakenSource.HttpClientName, await kraken.StartAsync()),
            Options.Create(new KrakenOptions { Pairs = "btcusd,etheur", MinuteVolume = true, CallInterval = TimeSpan.Zero }), new FixedClock(minute.AddSeconds(2)),
            new Logger<KrakenSource>(new LoggerFactory([logs])));

        var quotes = await source.FetchAsync(CancellationToken.None);

        // The candle that started a minute ago and is committed ("last" = its start): 2.5; etheur's OHLC failed: no point.
        var m = Assert.Single(quotes, q => q.Metric.Type == "volume1m");
        Assert.Equal(new Quote(new MetricId("volume1m", "btcusd"), 2.5), m);
        Assert.Equal(4, quotes.Count(q => q.Metric.Type is "price" or "volume"));
        // The missed pair is not silent: one warning for the minute, counting the pairs that missed.
        var warning = Assert.Single(logs.Text.Split(Environment.NewLine), l => l.StartsWith("Warning:", StringComparison.Ordinal));
        Assert.Contains("Kraken minute volumes: 1 of 2 pairs have no volume1m point at 2026-01-05 10:00:00Z", warning);
        // … and health hears of it, until a minute is whole again.
        Assert.Equal(new PartialAnswer("kraken", minute, "volume1m", 1, 2, "HTTP 500"), source.LastPartial);
        etheurFails = false;
        var whole = await source.FetchAsync(CancellationToken.None);
        Assert.Equal(2, whole.Count(q => q.Metric.Type == "volume1m"));
        Assert.Null(source.LastPartial);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static Task WriteStatus(HttpContext c, int status)
    {
        c.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
