using System.Globalization;
using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2;
using CryptoTracker.Core;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using CryptoTracker.DynamoDb;
using CryptoTracker.Sqlite;

namespace CryptoTracker.Stores.Tests;

/// <summary>A fact over the minute files in ../shared/data, skipped with the reason when they are not there.</summary>
public sealed class RealDataFactAttribute : FactAttribute
{
    public const string Folder = "minute/binanceus_2023-03";

    public RealDataFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        var path = Path.Combine(SharedData.Folder, Folder);
        if (!Directory.Exists(path)) Skip = $"Real minute data not found at {path} (../shared/data next to the repository).";
    }
}

/// <summary>
/// The domain end to end over each store: the same minutes through a <see cref="TrackedMetrics"/> and a <see cref="Collector"/>,
/// then every read the API makes must answer the same on SQLite and on DynamoDB.
/// </summary>
[Collection(DynaliteCollection.Name)]
public sealed class BothStoresEndToEndTests(DynaliteFixture dynalite) : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"ct-e2e-{Guid.NewGuid():N}");
    private readonly IAmazonDynamoDB _client = dynalite.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Collector_OnASyntheticSeriesWithSpikesGapsAndAVanishingMetric_AnswersTheSameOnBothStores()
    {
        var t0 = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var minutes = Enumerable.Range(0, 1800).Select(i =>
        {
            var quotes = new List<Quote>
            {
                new(new MetricId("price", "aaausd"), 100 + 5 * Math.Sin(i / 30.0) + (i % 397 == 200 ? 400 : 0)),
                new(new MetricId("volume", "aaausd"), (i % 7) * 0.37 + (i % 250 == 100 ? 50 : 0)),
            };
            if (i % 11 != 0) quotes.Add(new(new MetricId("price", "gapusd"), 0.1 * (1 + i % 13)));
            if (i < 200) quotes.Add(new(new MetricId("price", "goneusd"), 42.0 + i));
            if (i == 50) quotes.Add(new(new MetricId("price", "gapusd"), double.NaN)); // refused by both
            return new MinuteQuotes(t0.AddMinutes(i), quotes);
        }).ToList();

        var (sqlite, dynamo, now) = await RunBothAsync(minutes, minutesPerTick: 15);

        var summaries = await AssertSameAnswersAsync(sqlite, dynamo, now);
        Assert.DoesNotContain(summaries, s => s.Id.Symbol == "goneusd"); // its last point left the window at minute 1640
        Assert.Equal(3, summaries.Count);
        Assert.NotEmpty(await sqlite.GetAlertsAsync(now.AddDays(-7), Ct));
    }

    [RealDataFact]
    public async Task Collector_OnThirtyHoursOfBinanceUsMinutes_AnswersTheSameOnBothStores()
    {
        var folder = Path.Combine(SharedData.Folder, RealDataFactAttribute.Folder);
        var byMinute = new SortedDictionary<DateTimeOffset, List<Quote>>();
        foreach (var pair in new[] { "BTCUSD", "BTCUSDT", "BTCUSDC" })
        {
            var file = Directory.GetFiles(folder, $"{pair}_1m_*.csv").Single();
            foreach (var line in File.ReadLines(file).Skip(1).Take(1800))
            {
                // open_time,open,high,low,close,volume
                var f = line.Split(',');
                var t = DateTimeOffset.Parse(f[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                if (!byMinute.TryGetValue(t, out var quotes)) byMinute[t] = quotes = [];
                quotes.Add(new(new MetricId("price", pair.ToLowerInvariant()), double.Parse(f[4], CultureInfo.InvariantCulture)));
                quotes.Add(new(new MetricId("volume", pair.ToLowerInvariant()), double.Parse(f[5], CultureInfo.InvariantCulture)));
            }
        }
        var minutes = byMinute.Select(m => new MinuteQuotes(m.Key, m.Value)).ToList();

        var (sqlite, dynamo, now) = await RunBothAsync(minutes, minutesPerTick: 15);

        Assert.Equal(6, (await AssertSameAnswersAsync(sqlite, dynamo, now)).Count);
    }

    private async Task<(IMetricStore Sqlite, IMetricStore Dynamo, DateTimeOffset Now)> RunBothAsync(IReadOnlyList<MinuteQuotes> minutes, int minutesPerTick)
    {
        IMetricStore sqlite = new SqliteMetricStore(Path.Combine(_dir, "tracker.db"));
        IMetricStore dynamo = new DynamoDbMetricStore(_client, dynalite.Options());
        var ticks = minutes.Chunk(minutesPerTick).ToList();
        var now = ticks[^1][^1].Minute;
        foreach (var store in new[] { sqlite, dynamo })
        {
            await store.InitializeAsync(Ct);
            // Most minutes in one run, the rest after a restart, so that LoadAsync feeds the second collector.
            var cut = ticks.Count - 4;
            await RunCollectorAsync(store, ticks[..cut]);
            await RunCollectorAsync(store, ticks[cut..]);
        }
        return (sqlite, dynamo, now);
    }

    private static async Task RunCollectorAsync(IMetricStore store, IReadOnlyList<MinuteQuotes[]> ticks)
    {
        var clock = new ReplayClock(ticks[0][^1].Minute);
        var collector = new Collector(new TrackedMetrics(new RuleBook([AlertRule.Spike()])), store, clock, new CollectorOptions { CommitAttempts = 1 }, "replay");
        collector.MarkReplayMode();
        foreach (var tick in ticks)
        {
            clock.Set(tick[^1].Minute.AddSeconds(7.5));
            collector.RecordSourceSuccess();
            var report = await collector.IngestAsync(tick, Ct);
            Assert.True(report.Committed, report.StoreError);
        }
        Assert.True(await collector.CompleteReplayAsync(Ct));
    }

    private static async Task<IReadOnlyList<MetricSummary>> AssertSameAnswersAsync(IMetricStore sqlite, IMetricStore dynamo, DateTimeOffset now)
    {
        var summaries = await sqlite.GetSummariesAsync(Ct);
        Assert.NotEmpty(summaries);
        Assert.Equal(summaries, await dynamo.GetSummariesAsync(Ct));
        Assert.Equal(await sqlite.GetStatusAsync(Ct), await dynamo.GetStatusAsync(Ct));

        foreach (var s in summaries)
        {
            foreach (var (after, upTo) in new[] { (now - TrackedMetrics.WindowLength, now), (now.AddHours(-3), now.AddHours(-2).AddSeconds(30)) })
            {
                var expected = await sqlite.GetHistoryAsync(s.Id, after, upTo, Ct);
                var actual = await dynamo.GetHistoryAsync(s.Id, after, upTo, Ct);
                Assert.Equal(expected.Select(p => (p.T, BitConverter.DoubleToInt64Bits(p.V))), actual.Select(p => (p.T, BitConverter.DoubleToInt64Bits(p.V))));
            }
            Assert.Equal(s.Stats.Count, (await dynamo.GetHistoryAsync(s.Id, now - TrackedMetrics.WindowLength, now, Ct)).Count);
        }

        var alertsAfter = now.AddDays(-7);
        var alerts = await sqlite.GetAlertsAsync(alertsAfter, Ct);
        Assert.Equal(alerts, await dynamo.GetAlertsAsync(alertsAfter, Ct));
        Assert.Equal(await sqlite.GetUndeliveredAlertsAsync(AlertChannels.Sns, alertsAfter, Ct), await dynamo.GetUndeliveredAlertsAsync(AlertChannels.Sns, alertsAfter, Ct));

        var published = alerts.Where((_, i) => i % 2 == 0).Select(a => a.Id).ToList();
        await sqlite.MarkDeliveredAsync(AlertChannels.Sns, published, now, Ct);
        await dynamo.MarkDeliveredAsync(AlertChannels.Sns, published, now, Ct);
        var unpublished = await sqlite.GetUndeliveredAlertsAsync(AlertChannels.Sns, alertsAfter, Ct);
        Assert.Equal(alerts.Count - published.Count, unpublished.Count);
        Assert.Equal(unpublished, await dynamo.GetUndeliveredAlertsAsync(AlertChannels.Sns, alertsAfter, Ct));

        var loadedSqlite = await sqlite.LoadAsync(now - TrackedMetrics.WindowLength, alertsAfter, Ct);
        var loadedDynamo = await dynamo.LoadAsync(now - TrackedMetrics.WindowLength, alertsAfter, Ct);
        Assert.Equal(loadedSqlite.Points, loadedDynamo.Points);
        Assert.Equal(loadedSqlite.Alerts, loadedDynamo.Alerts);
        return summaries;
    }
}
