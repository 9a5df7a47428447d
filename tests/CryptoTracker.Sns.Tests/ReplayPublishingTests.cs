using System.Text.Json;

namespace CryptoTracker.Sns.Tests;

public sealed class ReplayPublishingTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _replay = Path.Combine(Path.GetTempPath(), $"ct-replay-{Guid.NewGuid():N}.csv");
    private FakeSns _sns = null!;

    public async ValueTask InitializeAsync() => _sns = await FakeSns.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _sns.DisposeAsync();
        File.Delete(_replay);
    }

    [RealDataFact]
    public async Task RealDataReplay_PublishesExactlyOneMessagePerSpikeAlert_EvenWhenSnsFailsAtFirst()
    {
        var data = RealData.Folder()!;
        var rows = RealData.ReadKlines(Path.Combine(data, RealData.BtcUsd),
            new DateTimeOffset(2023, 3, 10, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2023, 3, 13, 0, 0, 0, TimeSpan.Zero));
        RealData.WriteReplay(_replay, "btcusd", rows);
        var expected = RealData.ExpectedSpikes(rows.Select(r => (r.T, r.Volume)).ToList()).Select(t => ("volume:btcusd", t))
            .Concat(RealData.ExpectedSpikes(rows.Select(r => (r.T, r.Close)).ToList()).Select(t => ("price:btcusd", t)))
            .OrderBy(a => a.t).ThenBy(a => a.Item1, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected);
        // SNS fails the first publishes (a 500, a throttle, another 500): they must be retried, not lost and not doubled.
        _sns.FailNext("Publish", SnsFault.Internal, SnsFault.Throttled, SnsFault.Internal);

        using var app = TrackerApp.Replay(_replay, _sns);
        using var http = app.CreateClient();
        var health = await app.WaitForReplayAsync(http, publishing: true, TimeSpan.FromMinutes(3));

        using var alertsDoc = JsonDocument.Parse(await http.GetStringAsync("/v1/alerts"));
        var alerts = alertsDoc.RootElement.GetProperty("alerts").EnumerateArray()
            .Select(a => (Metric: a.GetProperty("metric").GetString()!, T: a.GetProperty("t").GetDateTimeOffset(), Id: a.GetProperty("id").GetString()!))
            .ToList();
        Assert.Equal(expected, alerts.Select(a => (a.Metric, a.T)).ToList());

        var published = _sns.Accepted("Publish");
        Assert.Equal(alerts.Count, published.Count);
        Assert.Equal(alerts.Select(a => a.Metric).Order(StringComparer.Ordinal), published.Select(p => p.MessageAttributes()["metric"].Value!).Order(StringComparer.Ordinal));
        Assert.Equal(alerts.Select(a => a.Id).Order(StringComparer.Ordinal),
            published.Select(p => p["Message"]!.Split('\n')[^1].Replace("Alert id: ", "")).Order(StringComparer.Ordinal));
        Assert.All(published, p => Assert.Contains("/us-east-1/sns/aws4_request", p.Authorization));
        Assert.Equal(published.Count, health.GetProperty("publisher").GetProperty("published").GetInt64());
        output.WriteLine($"{rows.Count} minutes replayed, {alerts.Count} alerts, {published.Count} accepted publishes, {_sns.Calls.Count} calls.");
    }

    [Fact]
    public async Task Replay_WithoutATopic_ServesAlertsButPublishesNothing()
    {
        File.WriteAllLines(_replay, ["time,symbol,price,volume", "2023-03-10T00:00:00Z,btcusd,20000,1", "2023-03-10T00:01:00Z,btcusd,20010,2"]);

        using var app = TrackerApp.Replay(_replay, sns: null);
        using var http = app.CreateClient();
        var health = await app.WaitForReplayAsync(http, publishing: false, TimeSpan.FromMinutes(1));

        Assert.False(health.TryGetProperty("publisher", out _));
        Assert.Empty(_sns.Calls);
    }
}
