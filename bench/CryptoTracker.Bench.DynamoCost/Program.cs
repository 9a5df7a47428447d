using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CryptoTracker.Bench.DynamoCost;
using CryptoTracker.Core;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Metrics;
using CryptoTracker.DynamoDb;

// What the collector's ticks cost on DynamoDB at N metrics: requests by operation and the capacity units DynamoDB reports,
// measured against dynalite through the real store and the real Collector; then what the api role's reads and a cold
// start cost over a full 24 h window.
// Usage: dotnet run -c Release --project bench/CryptoTracker.Bench.DynamoCost -- [--ticks 60] [--cold-start-max 1000] [N ...]
//        (default N: 12 24 1000 5000)
var ticks = 60;
var coldStartMax = 1000;
var sizes = new List<int>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--ticks") ticks = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else if (args[i] == "--cold-start-max") coldStartMax = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else sizes.Add(int.Parse(args[i], CultureInfo.InvariantCulture));
}
if (sizes.Count == 0) sizes.AddRange([12, 24, 1000, 5000]);

var root = FindRoot();
var cli = Path.Combine(root, "node_modules", "dynalite", "cli.js");
if (!File.Exists(cli)) Run("npm", "install --no-audit --no-fund", root);
var port = FreePort();
using var dynalite = Process.Start(new ProcessStartInfo("node", $"\"{cli}\" --host 127.0.0.1 --port {port} --createTableMs 0 --deleteTableMs 0")
{
    RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root,
})!;
try
{
    await WaitForPortAsync(port);
    Console.WriteLine($"dynalite on 127.0.0.1:{port}; {ticks} measured ticks per size after 3 warm-up ticks; {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd}");
    Console.WriteLine();
    Console.WriteLine("Steady state (one minute per tick; the measured ticks include the hourly fold):");
    Console.WriteLine();
    Console.WriteLine("| metrics | requests/tick | BatchWriteItem/tick | WCU/tick (reported, mean) | WCU on the fold tick | WCU/tick without the fold | requests without capacity | first tick requests | ms/tick (median) | GetSummaries requests / RCU | history, 60 tick items unfolded: requests / RCU |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var n in sizes) await MeasureAsync(n, ticks, $"http://127.0.0.1:{port}");
    Console.WriteLine();
    Console.WriteLine("Full 24 h window (24 closed hours + 30 minutes of tick items), then a new collector's first tick (mid-hour):");
    Console.WriteLine();
    Console.WriteLine("| metrics | points in the window | history (24 h) requests / RCU | LoadAsync requests / RCU / seconds | cold-start first tick: requests / RCU / WCU / seconds |");
    Console.WriteLine("|---:|---:|---:|---:|---:|");
    foreach (var n in sizes.Where(n => n <= coldStartMax)) await MeasureColdStartAsync(n, $"http://127.0.0.1:{port}");
}
finally
{
    dynalite.Kill(entireProcessTree: true);
}

static string F(double v) => v.ToString(v == Math.Floor(v) ? "0" : "0.0", CultureInfo.InvariantCulture);

static MetricId[] Ids(int metrics) =>
    [.. Enumerable.Range(0, metrics).Select(i => new MetricId(i % 2 == 0 ? "price" : "volume", $"c{i / 2:D4}usd"))];

static async Task MeasureAsync(int metrics, int ticks, string serviceUrl)
{
    var options = new DynamoDbStoreOptions { Table = $"bench-{metrics}-{Guid.NewGuid():N}", ServiceUrl = serviceUrl };
    using var inner = DynamoDbServiceCollectionExtensions.CreateClient(options);
    var (client, meter) = RequestMeter.Wrap(inner);
    var store = new DynamoDbMetricStore(client, options);
    await store.InitializeAsync(CancellationToken.None);

    var t0 = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
    var clock = new ReplayClock(t0);
    var collector = new Collector(new TrackedMetrics(new RuleBook([AlertRule.Spike()])), store, clock, new CollectorOptions { CommitAttempts = 1 }, "bench");
    var ids = Ids(metrics);
    var random = new Random(42);
    var values = ids.Select(_ => 100 + random.NextDouble() * 10).ToArray();

    async Task<(int Requests, int Batches, double Wcu, int NoCapacity, double Ms)> TickAsync(int minute)
    {
        for (var i = 0; i < values.Length; i++) values[i] *= 1 + (random.NextDouble() - 0.5) * 0.002;
        var t = t0.AddMinutes(minute);
        clock.Set(t.AddSeconds(5));
        meter.Reset();
        var sw = Stopwatch.StartNew();
        var report = await collector.IngestAsync([new MinuteQuotes(t, [.. ids.Select((id, i) => new Quote(id, values[i]))])], CancellationToken.None);
        sw.Stop();
        if (!report.Committed) throw new InvalidOperationException(report.StoreError);
        return (meter.TotalRequests, meter.Requests.GetValueOrDefault("BatchWriteItem"), meter.WriteUnits, meter.RequestsWithoutCapacity, sw.Elapsed.TotalMilliseconds);
    }

    // Warm-up ticks at minutes 0-2 (the first one pays the cold start), measured ticks from minute 3: the tick of
    // minute 60 folds hour 00:00. The history is read right after minute 59, when the most tick items are unfolded.
    var first = await TickAsync(0);
    for (var m = 1; m <= 2; m++) await TickAsync(m);
    var measured = new List<(int Minute, (int Requests, int Batches, double Wcu, int NoCapacity, double Ms) Cost)>();
    (int Requests, double Rcu) history = (0, 0);
    for (var m = 3; m < 3 + ticks; m++)
    {
        measured.Add((m, await TickAsync(m)));
        if (m != 59) continue;
        meter.Reset();
        var now = clock.GetUtcNow();
        var points = await store.GetHistoryAsync(ids[0], now - TrackedMetrics.WindowLength, now, CancellationToken.None);
        if (points.Count != 60) throw new InvalidOperationException($"history of {points.Count} points");
        history = (meter.TotalRequests, meter.ReadUnits);
    }

    meter.Reset();
    var summaries = await store.GetSummariesAsync(CancellationToken.None);
    if (summaries.Count != metrics) throw new InvalidOperationException($"{summaries.Count} summaries for {metrics} metrics");
    var (summaryRequests, summaryRcu) = (meter.TotalRequests, meter.ReadUnits);

    var costs = measured.Select(x => x.Cost).ToList();
    var fold = measured.Where(x => x.Minute == 60).Select(x => x.Cost.Wcu).DefaultIfEmpty(double.NaN).Single();
    var ms = costs.Select(x => x.Ms).Order().ToList()[costs.Count / 2];
    Console.WriteLine(string.Join(" | ", [
        $"| {metrics:N0}",
        F(costs.Average(x => x.Requests)),
        F(costs.Average(x => x.Batches)),
        costs.Average(x => x.Wcu).ToString("0.0", CultureInfo.InvariantCulture),
        F(fold),
        F(measured.Where(x => x.Minute != 60).Average(x => x.Cost.Wcu)),
        F(costs.Average(x => x.NoCapacity)),
        first.Requests.ToString(CultureInfo.InvariantCulture),
        ms.ToString("0.0", CultureInfo.InvariantCulture),
        $"{summaryRequests} / {F(summaryRcu)}",
        $"{history.Requests} / {F(history.Rcu)} |",
    ]));
}

// Fills more than a window: 25 hours committed an hour at a time (60 minutes per commit, to keep the fill quick), then
// 29 single-minute ticks, so that the window spans 24 closed hours and half an hour of tick items, as at any mid-hour
// minute of a collector that has run for a day. Then the api role reads one metric's 24 h history, and a new collector
// (a new store, as in a new Lambda environment) runs its first tick.
static async Task MeasureColdStartAsync(int metrics, string serviceUrl)
{
    var options = new DynamoDbStoreOptions { Table = $"cold-{metrics}-{Guid.NewGuid():N}", ServiceUrl = serviceUrl };
    using var inner = DynamoDbServiceCollectionExtensions.CreateClient(options);
    var (client, meter) = RequestMeter.Wrap(inner);
    var store = new DynamoDbMetricStore(client, options);
    await store.InitializeAsync(CancellationToken.None);
    var t0 = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
    var clock = new ReplayClock(t0);
    var rules = new RuleBook([AlertRule.Spike()]);
    var collector = new Collector(new TrackedMetrics(rules), store, clock, new CollectorOptions { CommitAttempts = 1 }, "bench");
    var ids = Ids(metrics);
    MinuteQuotes Minute(int m) => new(t0.AddMinutes(m), [.. ids.Select((id, i) => new Quote(id, 100 + i + Math.Sin(m / 10.0)))]);
    async Task IngestAsync(IReadOnlyList<MinuteQuotes> minutes)
    {
        clock.Set(minutes[^1].Minute.AddSeconds(5));
        var report = await collector.IngestAsync(minutes, CancellationToken.None);
        if (!report.Committed) throw new InvalidOperationException(report.StoreError);
    }
    const int lastMinute = 25 * 60 + 29;
    for (var hour = 0; hour < 25; hour++) await IngestAsync([.. Enumerable.Range(hour * 60, 60).Select(Minute)]);
    for (var m = 25 * 60; m <= lastMinute; m++) await IngestAsync([Minute(m)]);

    var now = clock.GetUtcNow();
    meter.Reset();
    var history = await store.GetHistoryAsync(ids[^1], now - TrackedMetrics.WindowLength, now, CancellationToken.None);
    if (history.Count != 1440) throw new InvalidOperationException($"history of {history.Count} points");
    var (historyRequests, historyRcu) = (meter.TotalRequests, meter.ReadUnits);

    meter.Reset();
    var sw = Stopwatch.StartNew();
    var loaded = await new DynamoDbMetricStore(client, options).LoadAsync(now - TrackedMetrics.WindowLength, now - Alert.DefaultRetention, CancellationToken.None);
    sw.Stop();
    if (loaded.Points.Count != metrics * 1440) throw new InvalidOperationException($"loaded {loaded.Points.Count} points");
    var (loadRequests, loadRcu, loadSeconds) = (meter.TotalRequests, meter.ReadUnits, sw.Elapsed.TotalSeconds);

    // A new Lambda environment: a new store and collector; its first tick loads the window, then commits the next minute.
    var coldStore = new DynamoDbMetricStore(client, options);
    var cold = new Collector(new TrackedMetrics(new RuleBook([AlertRule.Spike()])), coldStore, clock, new CollectorOptions { CommitAttempts = 1 }, "bench");
    clock.Set(t0.AddMinutes(lastMinute + 1).AddSeconds(5));
    meter.Reset();
    sw.Restart();
    var first = await cold.IngestAsync([Minute(lastMinute + 1)], CancellationToken.None);
    sw.Stop();
    var (coldRequests, coldRcu, coldWcu) = (meter.TotalRequests, meter.ReadUnits, meter.WriteUnits);
    if (!first.Committed || first.Points != metrics) throw new InvalidOperationException(first.StoreError ?? $"{first.Points} points");
    var summaries = await coldStore.GetSummariesAsync(CancellationToken.None);
    if (summaries.Any(s => s.Stats.Count != 1440)) throw new InvalidOperationException("the cold start lost points");
    Console.WriteLine(FormattableString.Invariant(
        $"| {metrics:N0} | {loaded.Points.Count:N0} | {historyRequests} / {historyRcu:0.#} | {loadRequests} / {loadRcu:0.#} / {loadSeconds:0.00} | {coldRequests} / {coldRcu:0.#} / {coldWcu:0.#} / {sw.Elapsed.TotalSeconds:0.00} |"));
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "CryptoTracker.sln"))) return dir.FullName;
    throw new InvalidOperationException("Run from inside the repository.");
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static async Task WaitForPortAsync(int port)
{
    for (var i = 0; i < 300; i++)
    {
        try
        {
            using var probe = new TcpClient();
            await probe.ConnectAsync(IPAddress.Loopback, port);
            return;
        }
        catch (SocketException)
        {
            await Task.Delay(100);
        }
    }
    throw new InvalidOperationException("dynalite did not start.");
}

static void Run(string file, string args, string cwd)
{
    using var p = Process.Start(new ProcessStartInfo(file, args) { WorkingDirectory = cwd, UseShellExecute = false })!;
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {args} exited with {p.ExitCode}.");
}
