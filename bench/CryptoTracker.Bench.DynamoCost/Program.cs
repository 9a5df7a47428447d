using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CryptoTracker.Bench.DynamoCost;
using CryptoTracker.Core;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Metrics;
using CryptoTracker.DynamoDb;

// What one collector tick costs on DynamoDB at N metrics: requests by operation and the capacity units DynamoDB reports,
// measured against dynalite through the real store and the real Collector.
// Usage: dotnet run -c Release --project bench/CryptoTracker.Bench.DynamoCost -- [--ticks 20] [N ...]   (default N: 12 100 1000)
var ticks = 20;
var coldStartMax = 100;
var sizes = new List<int>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--ticks") ticks = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else if (args[i] == "--cold-start-max") coldStartMax = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else sizes.Add(int.Parse(args[i], CultureInfo.InvariantCulture));
}
if (sizes.Count == 0) sizes.AddRange([12, 100, 1000]);

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
    Console.WriteLine("| metrics | requests/tick | BatchWriteItem/tick | other requests/tick | WCU/tick (reported) | requests without capacity | first tick requests | ms/tick (median) | GetSummaries requests / RCU | GetHistory (24 h) requests | cold-start LoadAsync requests / RCU |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var n in sizes) await MeasureAsync(n, ticks, $"http://127.0.0.1:{port}");
    Console.WriteLine();
    Console.WriteLine("Cold start over a full 24 h window (1,440 points per metric):");
    Console.WriteLine();
    Console.WriteLine("| metrics | points loaded | LoadAsync requests | RCU (reported) | seconds |");
    Console.WriteLine("|---:|---:|---:|---:|---:|");
    foreach (var n in sizes.Where(n => n <= coldStartMax)) await MeasureColdStartAsync(n, $"http://127.0.0.1:{port}");
}
finally
{
    dynalite.Kill(entireProcessTree: true);
}

static async Task MeasureAsync(int metrics, int ticks, string serviceUrl)
{
    var options = new DynamoDbStoreOptions { Table = $"bench-{metrics}-{Guid.NewGuid():N}", ServiceUrl = serviceUrl };
    using var inner = DynamoDbServiceCollectionExtensions.CreateClient(options);
    var (client, meter) = RequestMeter.Wrap(inner);
    var store = new DynamoDbMetricStore(client, options);
    await store.InitializeAsync(CancellationToken.None);

    var t0 = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
    var clock = new ReplayClock(t0);
    var collector = new Collector(new TrackedMetrics(new SpikeRule(new SpikeRuleOptions())), store, clock, new CollectorOptions { CommitAttempts = 1 }, "bench");
    var ids = Enumerable.Range(0, metrics).Select(i => new MetricId(i % 2 == 0 ? "price" : "volume", $"c{i / 2:D4}usd")).ToArray();
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

    var first = await TickAsync(0);
    for (var m = 1; m <= 3; m++) await TickAsync(m);
    var measured = new List<(int Requests, int Batches, double Wcu, int NoCapacity, double Ms)>();
    for (var m = 4; m < 4 + ticks; m++) measured.Add(await TickAsync(m));

    meter.Reset();
    var summaries = await store.GetSummariesAsync(CancellationToken.None);
    if (summaries.Count != metrics) throw new InvalidOperationException($"{summaries.Count} summaries for {metrics} metrics");
    var (summaryRequests, summaryRcu) = (meter.TotalRequests, meter.ReadUnits);
    meter.Reset();
    var now = clock.GetUtcNow();
    await store.GetHistoryAsync(ids[0], now - TrackedMetrics.WindowLength, now, CancellationToken.None);
    var historyRequests = meter.TotalRequests;
    meter.Reset();
    var restarted = new DynamoDbMetricStore(client, options);
    var loaded = await restarted.LoadAsync(now - TrackedMetrics.WindowLength, now.AddDays(-7), CancellationToken.None);
    if (loaded.Points.Count != metrics * (4 + ticks)) throw new InvalidOperationException($"loaded {loaded.Points.Count} points");
    var (loadRequests, loadRcu) = (meter.TotalRequests, meter.ReadUnits);

    static string F(double v) => v.ToString(v == Math.Floor(v) ? "0" : "0.0", CultureInfo.InvariantCulture);
    var ms = measured.Select(x => x.Ms).Order().ToList()[measured.Count / 2];
    Console.WriteLine(string.Join(" | ", [
        $"| {metrics:N0}",
        F(measured.Average(x => x.Requests)),
        F(measured.Average(x => x.Batches)),
        F(measured.Average(x => x.Requests - x.Batches)),
        F(measured.Average(x => x.Wcu)),
        F(measured.Average(x => x.NoCapacity)),
        first.Requests.ToString(CultureInfo.InvariantCulture),
        ms.ToString("0.0", CultureInfo.InvariantCulture),
        $"{summaryRequests} / {F(summaryRcu)}",
        historyRequests.ToString(CultureInfo.InvariantCulture),
        $"{loadRequests} / {F(loadRcu)} |",
    ]));
}

// Fills 24 h of minutes (60 minutes per commit to keep the fill quick), then a fresh store loads the window as a new
// collector process would.
static async Task MeasureColdStartAsync(int metrics, string serviceUrl)
{
    var options = new DynamoDbStoreOptions { Table = $"cold-{metrics}-{Guid.NewGuid():N}", ServiceUrl = serviceUrl };
    using var inner = DynamoDbServiceCollectionExtensions.CreateClient(options);
    var (client, meter) = RequestMeter.Wrap(inner);
    var store = new DynamoDbMetricStore(client, options);
    await store.InitializeAsync(CancellationToken.None);
    var t0 = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
    var clock = new ReplayClock(t0);
    var collector = new Collector(new TrackedMetrics(new SpikeRule(new SpikeRuleOptions())), store, clock, new CollectorOptions { CommitAttempts = 1 }, "bench");
    var ids = Enumerable.Range(0, metrics).Select(i => new MetricId(i % 2 == 0 ? "price" : "volume", $"c{i / 2:D4}usd")).ToArray();
    for (var hour = 0; hour < 24; hour++)
    {
        var minutes = Enumerable.Range(hour * 60 + 1, 60)
            .Select(m => new MinuteQuotes(t0.AddMinutes(m), [.. ids.Select((id, i) => new Quote(id, 100 + i + Math.Sin(m / 10.0)))]))
            .ToList();
        clock.Set(minutes[^1].Minute);
        var report = await collector.IngestAsync(minutes, CancellationToken.None);
        if (!report.Committed) throw new InvalidOperationException(report.StoreError);
    }
    var now = clock.GetUtcNow();
    meter.Reset();
    var sw = Stopwatch.StartNew();
    var loaded = await new DynamoDbMetricStore(client, options).LoadAsync(now - TrackedMetrics.WindowLength, now.AddDays(-7), CancellationToken.None);
    sw.Stop();
    if (loaded.Points.Count != metrics * 1440) throw new InvalidOperationException($"loaded {loaded.Points.Count} points");
    Console.WriteLine(FormattableString.Invariant(
        $"| {metrics:N0} | {loaded.Points.Count:N0} | {meter.TotalRequests} | {meter.ReadUnits:0.#} | {sw.Elapsed.TotalSeconds:0.0} |"));
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
