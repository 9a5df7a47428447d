using System.Globalization;
using System.Text.Json;

namespace CryptoTracker.Api.Tests;

/// <summary>
/// 60 hours of real minutes (Binance.US BTC/USD, BTC/USDT, BTC/USDC around the March 2023 USDC de-peg, plus Kraken's gappy
/// BTC/USDC) replayed at Speed=max through the tracker, then every answer compared with an independent computation.
/// </summary>
public sealed class RealDataReplay : IAsyncLifetime
{
    public static readonly DateTime From = new(2023, 3, 10, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime To = new(2023, 3, 12, 12, 0, 0, DateTimeKind.Utc); // exclusive: the last row is 11:59

    public TrackerApp? App { get; private set; }
    public List<RawMinute> Rows { get; private set; } = [];
    private string? _missing;

    public async ValueTask InitializeAsync()
    {
        if (!Directory.Exists(SharedData.Folder))
        {
            _missing = $"Real exchange data not found at {SharedData.Folder} (present in CI).";
            return;
        }
        Rows = ReplayFiles.DePegDays(From, To);
        var csv = ReplayFiles.Write(Path.GetTempPath(), Rows);
        App = await TrackerApp.StartAsync("--Tracker:Source=replay", $"--Tracker:Replay:File={csv}", "--Tracker:Replay:Speed=max");
        await App.WaitForReplayAsync();
    }

    public TrackerApp Require()
    {
        if (_missing is not null) Assert.Skip(_missing);
        return App!;
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null) await App.DisposeAsync();
    }
}

public sealed class RealDataReplayTests(RealDataReplay replay) : IClassFixture<RealDataReplay>
{
    private static readonly DateTime From = RealDataReplay.From;
    private static readonly DateTime To = RealDataReplay.To;
    private TrackerApp _app => replay.Require();
    private List<RawMinute> _rows { get { replay.Require(); return replay.Rows; } }

    private static readonly DateTime Clock = To.AddMinutes(-1);

    private IEnumerable<(string Metric, List<(DateTime T, decimal V)> Points)> Series() =>
        from r in _rows
        from m in new[] { ("price", r.Close), ("volume", r.Volume) }
        group (r.T, V: decimal.Parse(m.Item2, NumberStyles.Float, CultureInfo.InvariantCulture)) by $"{m.Item1}:{r.Symbol}" into g
        select (g.Key, g.OrderBy(p => p.T).ToList());

    [Fact]
    public async Task Health_AfterTheReplay_IsOkWithTheClockAtTheLastRow()
    {
        var health = await _app.GetJsonAsync("/v1/health");

        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.True(health.GetProperty("replayFinished").GetBoolean());
        Assert.Equal(Clock, health.GetProperty("clock").GetDateTime().ToUniversalTime());
        Assert.Equal(Clock, health.GetProperty("lastTick").GetDateTime().ToUniversalTime());
        Assert.Equal(8, health.GetProperty("metrics").GetInt32());
    }

    [Fact]
    public async Task Stats_MatchADecimalTwoPassComputationOverTheLast24Hours()
    {
        var window = Series().ToDictionary(s => s.Metric, s => s.Points.Where(p => p.T > Clock.AddHours(-24) && p.T <= Clock).ToList());
        Assert.True(window["price:btcusdc-kraken"].Count < 1440, "the Kraken series should have gaps in this window");

        foreach (var (metric, points) in window)
        {
            var expected = Independent.StatsOf(points.Select(p => p.V).ToList());
            var parts = metric.Split(':');
            var detail = await _app.GetJsonAsync($"/v1/metrics/{parts[0]}/{parts[1]}");
            var stats = detail.GetProperty("stats");

            Assert.Equal(expected.Count, stats.GetProperty("count").GetInt32());
            AssertRelative((double)expected.Mean, stats.GetProperty("mean").GetDouble(), 1e-9, metric + " mean");
            AssertRelative(expected.StdDev!.Value, stats.GetProperty("stddev").GetDouble(), 1e-6, metric + " stddev");
            Assert.Equal((double)expected.Min, stats.GetProperty("min").GetDouble());
            Assert.Equal((double)expected.Max, stats.GetProperty("max").GetDouble());
            Assert.Equal((double)points[^1].V, detail.GetProperty("latest").GetProperty("v").GetDouble());
            Assert.Equal(points[^1].T, detail.GetProperty("latest").GetProperty("t").GetDateTime().ToUniversalTime());
        }
    }

    [Fact]
    public async Task Rank_FollowsTheIndependentStdDevOrderWithinEachType()
    {
        var sd = Series().ToDictionary(s => s.Metric,
            s => Independent.StatsOf(s.Points.Where(p => p.T > Clock.AddHours(-24) && p.T <= Clock).Select(p => p.V).ToList()).StdDev!.Value);

        foreach (var type in new[] { "price", "volume" })
        {
            var expectedOrder = sd.Where(kv => kv.Key.StartsWith(type + ":")).OrderByDescending(kv => kv.Value).Select(kv => kv.Key.Split(':')[1]).ToList();
            var ranking = await _app.GetJsonAsync($"/v1/rankings/{type}");
            var entries = ranking.GetProperty("entries").EnumerateArray().ToList();

            Assert.Equal(expectedOrder, entries.Select(e => e.GetProperty("symbol").GetString()));
            Assert.Equal([1, 2, 3, 4], entries.Select(e => e.GetProperty("rank").GetInt32()));
            for (var i = 0; i < expectedOrder.Count; i++)
            {
                var rank = await _app.GetJsonAsync($"/v1/metrics/{type}/{expectedOrder[i]}/rank");
                Assert.Equal(i + 1, rank.GetProperty("rank").GetInt32());
                Assert.Equal(4, rank.GetProperty("total").GetInt32());
            }
        }
    }

    [Fact]
    public async Task Cv_AndItsRank_MatchTheIndependentStdDevOverDecimalMeanWithinEachType()
    {
        // cv = sd ÷ mean of the same 24 h window, computed here from the raw rows (decimal mean, plain two-pass sd).
        var cv = Series().ToDictionary(s => s.Metric, s =>
        {
            var stats = Independent.StatsOf(s.Points.Where(p => p.T > Clock.AddHours(-24) && p.T <= Clock).Select(p => p.V).ToList());
            return stats.StdDev!.Value / (double)stats.Mean;
        });

        foreach (var type in new[] { "price", "volume" })
        {
            var expectedOrder = cv.Where(kv => kv.Key.StartsWith(type + ":")).OrderByDescending(kv => kv.Value).Select(kv => kv.Key.Split(':')[1]).ToList();
            var ranking = await _app.GetJsonAsync($"/v1/rankings/{type}?by=cv");
            var entries = ranking.GetProperty("entries").EnumerateArray().ToList();

            Assert.Equal(expectedOrder, entries.Select(e => e.GetProperty("symbol").GetString()));
            Assert.Equal([1, 2, 3, 4], entries.Select(e => e.GetProperty("rank").GetInt32()));
            foreach (var e in entries)
            {
                var symbol = e.GetProperty("symbol").GetString()!;
                AssertRelative(cv[$"{type}:{symbol}"], e.GetProperty("value").GetDouble(), 1e-6, $"{type}:{symbol} cv");
                var detail = await _app.GetJsonAsync($"/v1/metrics/{type}/{symbol}");
                Assert.Equal(e.GetProperty("value").GetDouble(), detail.GetProperty("stats").GetProperty("cv").GetDouble());
                var rank = await _app.GetJsonAsync($"/v1/metrics/{type}/{symbol}/rank?by=cv");
                Assert.Equal(e.GetProperty("rank").GetInt32(), rank.GetProperty("rank").GetInt32());
                Assert.Equal(4, rank.GetProperty("total").GetInt32());
            }
        }
        // The de-peg makes BTC/USDC's price the most variable relative to its level, which σ alone cannot show.
        Assert.StartsWith("btcusdc", (await _app.GetJsonAsync("/v1/rankings/price?by=cv")).GetProperty("entries")[0].GetProperty("symbol").GetString());
    }

    [Fact]
    public async Task History_IsExactlyTheWindowsPointsOldestFirst()
    {
        foreach (var (metric, points) in Series())
        {
            var expected = points.Where(p => p.T > Clock.AddHours(-24) && p.T <= Clock).ToList();
            var parts = metric.Split(':');
            var history = await _app.GetJsonAsync($"/v1/metrics/{parts[0]}/{parts[1]}/history");
            var got = history.GetProperty("points").EnumerateArray()
                .Select(p => (p.GetProperty("t").GetDateTime().ToUniversalTime(), p.GetProperty("v").GetDouble())).ToList();

            Assert.Equal(expected.Select(p => (p.T, (double)p.V)), got);
        }
    }

    [Fact]
    public async Task Alerts_AreExactlyThoseOfTheSpikeRuleAppliedToTheWholeReplay()
    {
        var expected = Series().SelectMany(s => Independent.Alerts(s.Metric, s.Points)).OrderBy(a => a.T).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();
        Assert.True(expected.Count > 50, "the de-peg days should hold many volume spikes");

        var alerts = (await _app.GetJsonAsync("/v1/alerts")).GetProperty("alerts").EnumerateArray().ToList();

        Assert.Equal(expected.Select(a => a.Id), alerts.Select(a => a.GetProperty("id").GetString()));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal((double)expected[i].Value, alerts[i].GetProperty("value").GetDouble());
            AssertRelative((double)expected[i].Average, alerts[i].GetProperty("reference").GetDouble(), 1e-12, expected[i].Id);
            Assert.Equal(alerts[i].GetProperty("reference").GetDouble(), alerts[i].GetProperty("average").GetDouble()); // the alias
        }

        var since = (await _app.GetJsonAsync("/v1/alerts?since=2023-03-12T00:00:00Z")).GetProperty("alerts").GetArrayLength();
        Assert.Equal(expected.Count(a => a.T >= new DateTime(2023, 3, 12, 0, 0, 0, DateTimeKind.Utc)), since);
    }

    private static void AssertRelative(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected),
            $"{what}: expected {expected.ToString("R", CultureInfo.InvariantCulture)}, got {actual.ToString("R", CultureInfo.InvariantCulture)}");
}
