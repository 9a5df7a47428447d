using System.Diagnostics;
using CryptoTracker.Core;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Sqlite;

namespace CryptoTracker.Bench;

/// <summary>
/// CPU time of one live tick at N metrics, network excluded: the collector ingests one minute of N quotes into full
/// 24 h windows, computes every metric's stats and ranks, and commits points + summaries + status to SQLite.
/// </summary>
public static class TickCost
{
    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    public static async Task<int> RunAsync(int metrics)
    {
        var db = Path.Combine(Path.GetTempPath(), $"tickcost-{Guid.NewGuid():N}.db");
        var store = new SqliteMetricStore(db);
        await store.InitializeAsync(CancellationToken.None);
        var t0 = new DateTimeOffset(2023, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new Clock(t0);
        var collector = new Collector(new TrackedMetrics(new RuleBook([AlertRule.Spike()])), store, clock, new CollectorOptions(), "bench");
        var ids = Enumerable.Range(0, metrics).Select(i => new MetricId(i % 2 == 0 ? "price" : "volume", $"s{i / 2:D5}")).ToArray();
        var rng = new Random(3);
        MinuteQuotes Minute(int m) => new(t0.AddMinutes(m), ids.Select(id => new Quote(id, 100 + rng.NextDouble())).ToArray());

        // Fill 24 h in hour batches, then measure single-minute ticks.
        for (var h = 0; h < 24; h++)
        {
            var batch = Enumerable.Range(h * 60, 60).Select(Minute).ToList();
            clock.Now = batch[^1].Minute;
            await collector.IngestAsync(batch, CancellationToken.None);
        }
        const int ticks = 30;
        var cpu = new List<double>();
        var wall = new List<double>();
        var process = Process.GetCurrentProcess();
        for (var i = 0; i < ticks; i++)
        {
            var minute = Minute(1440 + i);
            clock.Now = minute.Minute;
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            var report = await collector.IngestAsync([minute], CancellationToken.None);
            sw.Stop();
            process.Refresh();
            if (!report.Committed) throw new InvalidOperationException(report.StoreError);
            cpu.Add((process.TotalProcessorTime - cpu0).TotalMilliseconds);
            wall.Add(sw.Elapsed.TotalMilliseconds);
        }
        // The domain alone (no store): the same ingest and summarize on a separate market with the same 24 h.
        var market = new TrackedMetrics(new RuleBook([AlertRule.Spike()]));
        for (var m = 0; m < 1440; m++) market.Ingest(Minute(m));
        market.Summarize(t0.AddMinutes(1439));
        var domain = new List<double>();
        for (var i = 0; i < ticks; i++)
        {
            var minute = Minute(1440 + i);
            var sw = Stopwatch.StartNew();
            market.Ingest(minute);
            market.Summarize(minute.Minute);
            domain.Add(sw.Elapsed.TotalMilliseconds);
        }
        domain.Sort();
        cpu.Sort();
        wall.Sort();
        Console.WriteLine($"tick at {metrics} metrics (24 h windows, SQLite commit), {ticks} ticks: " +
                          $"CPU median {cpu[ticks / 2]:0.0} ms, max {cpu[^1]:0.0} ms; wall median {wall[ticks / 2]:0.0} ms, max {wall[^1]:0.0} ms; " +
                          $"domain alone (ingest + stats + ranks) median {domain[ticks / 2]:0.0} ms");
        foreach (var f in new[] { db, db + "-wal", db + "-shm" }) File.Delete(f);
        return 0;
    }
}
