using System.Net;
using System.Text.Json;

namespace CryptoTracker.Api.Tests;

/// <summary>
/// A tiny hand-made replay whose answers are worked out by hand:
/// price:aaa 10, 20, 30 (mean 20, sd 10); price:bbb 5, 5, 5 (mean 5, sd 0); price:ccc 7 once (no sd);
/// volume:aaa 100, 300 (mean 200, sd √20000).
/// </summary>
public sealed class SmallReplay : IAsyncLifetime
{
    public TrackerApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var csv = Path.Combine(Path.GetTempPath(), $"small-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, """
            time,symbol,price,volume
            2026-01-05T10:00:00Z,aaa,10,100
            2026-01-05T10:00:00Z,bbb,5,
            2026-01-05T10:01:00Z,aaa,20,
            2026-01-05T10:01:00Z,bbb,5,
            2026-01-05T10:02:00Z,aaa,30,300
            2026-01-05T10:02:00Z,bbb,5,
            2026-01-05T10:02:00Z,ccc,7,
            """);
        App = await TrackerApp.StartAsync("--Tracker:Source=replay", $"--Tracker:Replay:File={csv}");
        await App.WaitForReplayAsync();
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

public sealed class ApiContractTests(SmallReplay replay) : IClassFixture<SmallReplay>
{
    private TrackerApp App => replay.App;

    [Fact]
    public async Task Metrics_ListsEveryMetricWithItsLatestPoint()
    {
        var list = await App.GetJsonAsync("/v1/metrics");

        var metrics = list.GetProperty("metrics").EnumerateArray().Select(m => (
            m.GetProperty("id").GetString(), m.GetProperty("type").GetString(), m.GetProperty("symbol").GetString(),
            m.GetProperty("latest").GetProperty("t").GetString(), m.GetProperty("latest").GetProperty("v").GetDouble())).ToList();
        Assert.Equal([
            ("price:aaa", "price", "aaa", "2026-01-05T10:02:00Z", 30.0),
            ("price:bbb", "price", "bbb", "2026-01-05T10:02:00Z", 5.0),
            ("price:ccc", "price", "ccc", "2026-01-05T10:02:00Z", 7.0),
            ("volume:aaa", "volume", "aaa", "2026-01-05T10:02:00Z", 300.0)], metrics);

        var volumes = await App.GetJsonAsync("/v1/metrics?type=volume");
        Assert.Single(volumes.GetProperty("metrics").EnumerateArray());
    }

    [Fact]
    public async Task MetricDetail_HasWindowStatsLatestAndRank()
    {
        var d = await App.GetJsonAsync("/v1/metrics/price/aaa");

        Assert.Equal("price:aaa", d.GetProperty("id").GetString());
        Assert.Equal("2026-01-04T10:02:00Z", d.GetProperty("window").GetProperty("from").GetString());
        Assert.Equal("2026-01-05T10:02:00Z", d.GetProperty("window").GetProperty("to").GetString());
        var s = d.GetProperty("stats");
        Assert.Equal(3, s.GetProperty("count").GetInt32());
        Assert.Equal(20, s.GetProperty("mean").GetDouble());
        Assert.Equal(10, s.GetProperty("stddev").GetDouble(), 12);
        Assert.Equal(10, s.GetProperty("min").GetDouble());
        Assert.Equal(30, s.GetProperty("max").GetDouble());
        Assert.Equal("""{"by":"stddev","rank":1,"total":2}""", d.GetProperty("rank").GetRawText());

        var single = await App.GetJsonAsync("/v1/metrics/price/ccc");
        Assert.Equal(JsonValueKind.Null, single.GetProperty("stats").GetProperty("stddev").ValueKind);
        Assert.Equal(JsonValueKind.Null, single.GetProperty("rank").GetProperty("rank").ValueKind);
    }

    [Fact]
    public async Task Rankings_UseStdDevByDefaultAndMeanOnRequest()
    {
        var bySd = await App.GetJsonAsync("/v1/rankings/price");
        var byMean = await App.GetJsonAsync("/v1/rankings/price?by=mean");
        var rank = await App.GetJsonAsync("/v1/metrics/price/bbb/rank?by=mean");

        Assert.Equal("""{"type":"price","by":"stddev","entries":[{"symbol":"aaa","rank":1,"value":10},{"symbol":"bbb","rank":2,"value":0}]}""", bySd.GetRawText());
        Assert.Equal(["aaa", "ccc", "bbb"], byMean.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("symbol").GetString()));
        Assert.Equal("""{"id":"price:bbb","by":"mean","rank":3,"total":3}""", rank.GetRawText());
    }

    [Fact]
    public async Task History_ReturnsTheWindowOldestFirst()
    {
        var h = await App.GetJsonAsync("/v1/metrics/volume/aaa/history");

        Assert.Equal("""[{"t":"2026-01-05T10:00:00Z","v":100},{"t":"2026-01-05T10:02:00Z","v":300}]""", h.GetProperty("points").GetRawText());
        Assert.Equal("2026-01-04T10:02:00Z", h.GetProperty("from").GetString());
    }

    [Theory]
    [InlineData("/v1/metrics/price/zzz")]
    [InlineData("/v1/metrics/temperature/aaa")]
    [InlineData("/v1/metrics/price/zzz/history")]
    [InlineData("/v1/metrics/price/zzz/rank")]
    [InlineData("/v1/rankings/temperature")]
    [InlineData("/v1/metrics?type=temperature")]
    [InlineData("/v1/nothing-here")]
    public async Task Unknown_Gives404ProblemJson(string path)
    {
        using var response = await App.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/v1/metrics/pr%3Cscript%3Eice/aaa")]
    [InlineData("/v1/metrics/price/aaa%27%20OR%201%3D1--")]
    [InlineData("/v1/metrics/price/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E/history")]
    [InlineData("/v1/metrics/price/aaa/rank?by=median")]
    [InlineData("/v1/rankings/price?by=%3Cb%3E")]
    [InlineData("/v1/alerts?since=yesterday%3Cscript%3E")]
    [InlineData("/v1/alerts?since=2026-13-45T99:00:00Z")]
    [InlineData("/v1/metrics?type=%22%3B%20DROP%20TABLE%20points")]
    [InlineData("/v1/metrics/price/%E2%82%BF%F0%9F%9A%80")]
    public async Task Malformed_Gives400ProblemJsonWithoutEchoingTheInput(string path)
    {
        using var response = await App.Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("<", body);
        Assert.DoesNotContain("script", body);
        Assert.DoesNotContain("DROP", body);
        Assert.DoesNotContain("median", body);
    }

    [Fact]
    public async Task OverLongSegment_Gives400()
    {
        using var response = await App.Http.GetAsync("/v1/metrics/price/" + new string('a', 500));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task UpperCaseSymbols_AreTheSameMetric()
    {
        var d = await App.GetJsonAsync("/v1/metrics/PRICE/AAA");

        Assert.Equal("price:aaa", d.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Collector_IsNotReachableFromTheApiRole()
    {
        using var response = await App.Http.PostAsync("/events", new StringContent("{}"));

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed);
    }
}

public sealed class ConditionalAndCompressedResponseTests(SmallReplay small, RealDataReplay real) : IClassFixture<SmallReplay>, IClassFixture<RealDataReplay>
{
    [Theory]
    [InlineData("/v1/metrics")]
    [InlineData("/v1/metrics/price/aaa/history")]
    [InlineData("/v1/rankings/price")]
    [InlineData("/v1/alerts")]
    public async Task RepeatedRequest_WithTheETag_Gives304WithoutABody(string path)
    {
        using var first = await small.App.Http.GetAsync(path);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await small.App.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task History_AskedWithGzip_IsTheSameJsonCompressed()
    {
        var app = real.Require();
        using var plain = await app.Http.GetAsync("/v1/metrics/price/btcusd/history");
        var plainBody = await plain.Content.ReadAsByteArrayAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/metrics/price/btcusd/history");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var zipped = await app.Http.SendAsync(request); // this HttpClient does not decompress by itself
        var zippedBody = await zipped.Content.ReadAsByteArrayAsync();

        Assert.Equal("gzip", Assert.Single(zipped.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", zipped.Headers.Vary);
        Assert.True(zippedBody.Length * 3 < plainBody.Length, $"gzip {zippedBody.Length} B vs plain {plainBody.Length} B");
        using var unzip = new System.IO.Compression.GZipStream(new MemoryStream(zippedBody), System.IO.Compression.CompressionMode.Decompress);
        using var decoded = new MemoryStream();
        await unzip.CopyToAsync(decoded);
        Assert.Equal(plainBody, decoded.ToArray());
        Assert.NotEqual(plain.Headers.ETag, zipped.Headers.ETag); // one tag per representation
    }
}
