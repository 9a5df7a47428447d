using System.Text.Json;

namespace CryptoTracker.Api.Tests;

/// <summary>
/// A hand-made replay for the coefficient of variation, every figure worked out by hand:
/// price:aaa 10, 20, 30 (mean 20, sd 10, cv 0.5); price:bbb 1, 2, 3 (mean 2, sd 1, cv 0.5: a tie with aaa);
/// price:ccc 1000, 1010, 1020 (mean 1010, sd 10, cv 1/101); price:ddd 7 once (no sd, no cv);
/// volume:aaa 0, 0, 0 (mean 0: no cv); volume:bbb 100, 300 (mean 200, sd √20000, cv √2/2).
/// </summary>
public sealed class CvReplay : IAsyncLifetime
{
    public TrackerApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var csv = Path.Combine(Path.GetTempPath(), $"cv-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, """
            time,symbol,price,volume
            2026-01-05T10:00:00Z,aaa,10,0
            2026-01-05T10:00:00Z,bbb,1,100
            2026-01-05T10:00:00Z,ccc,1000,
            2026-01-05T10:01:00Z,aaa,20,0
            2026-01-05T10:01:00Z,bbb,2,
            2026-01-05T10:01:00Z,ccc,1010,
            2026-01-05T10:02:00Z,aaa,30,0
            2026-01-05T10:02:00Z,bbb,3,300
            2026-01-05T10:02:00Z,ccc,1020,
            2026-01-05T10:02:00Z,ddd,7,
            """);
        App = await TrackerApp.StartAsync("--Tracker:Source=replay", $"--Tracker:Replay:File={csv}");
        await App.WaitForReplayAsync();
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

public sealed class CvApiTests(CvReplay replay) : IClassFixture<CvReplay>
{
    private TrackerApp App => replay.App;

    [Fact]
    public async Task MetricDetail_StatsCarryCvAsAFraction_NullWithOnePointOrAZeroMean()
    {
        Assert.Equal(0.5, (await Stats("price", "aaa")).GetProperty("cv").GetDouble());
        Assert.Equal(1.0 / 101, (await Stats("price", "ccc")).GetProperty("cv").GetDouble(), 15);
        Assert.Equal(Math.Sqrt(2) / 2, (await Stats("volume", "bbb")).GetProperty("cv").GetDouble(), 15);
        Assert.Equal(JsonValueKind.Null, (await Stats("price", "ddd")).GetProperty("cv").ValueKind);
        Assert.Equal(JsonValueKind.Null, (await Stats("volume", "aaa")).GetProperty("cv").ValueKind);
    }

    [Fact]
    public async Task RankingByCv_IsCompetitionRankingOverMetricsWithACv()
    {
        var price = await App.GetJsonAsync("/v1/rankings/price?by=cv");
        var volume = await App.GetJsonAsync("/v1/rankings/volume?by=cv");

        Assert.Equal("cv", price.GetProperty("by").GetString());
        Assert.Equal([("aaa", 1, 0.5), ("bbb", 1, 0.5), ("ccc", 3, R(1.0 / 101))], Entries(price));
        Assert.Equal([("bbb", 1, R(Math.Sqrt(2) / 2))], Entries(volume));
    }

    [Theory]
    [InlineData("price", "aaa", 1, 3)]
    [InlineData("price", "bbb", 1, 3)]
    [InlineData("price", "ccc", 3, 3)]
    [InlineData("price", "ddd", null, 3)]
    [InlineData("volume", "aaa", null, 1)]
    [InlineData("volume", "bbb", 1, 1)]
    public async Task MetricRankByCv_NullRankKeepsTheTotalOfRankedMetrics(string type, string symbol, int? rank, int total)
    {
        var r = await App.GetJsonAsync($"/v1/metrics/{type}/{symbol}/rank?by=cv");

        Assert.Equal("cv", r.GetProperty("by").GetString());
        Assert.Equal(rank, r.GetProperty("rank").ValueKind == JsonValueKind.Null ? null : r.GetProperty("rank").GetInt32());
        Assert.Equal(total, r.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task RankingByStdDev_StillFollowsTheUnitOfTheSeries()
    {
        // σ: aaa 10 and ccc 10 tie ahead of bbb 1, although aaa and bbb vary by the same fraction.
        var sd = await App.GetJsonAsync("/v1/rankings/price");
        Assert.Equal([("aaa", 1, 10.0), ("ccc", 1, 10.0), ("bbb", 3, 1.0)], Entries(sd));
    }

    private async Task<JsonElement> Stats(string type, string symbol) => (await App.GetJsonAsync($"/v1/metrics/{type}/{symbol}")).GetProperty("stats");

    private static List<(string?, int, double)> Entries(JsonElement ranking) => ranking.GetProperty("entries").EnumerateArray()
        .Select(e => (e.GetProperty("symbol").GetString(), e.GetProperty("rank").GetInt32(), R(e.GetProperty("value").GetDouble()))).ToList();

    private static double R(double x) => Math.Round(x, 15);
}
