using BenchmarkDotNet.Running;
using CryptoTracker.Bench;

// dotnet run -c Release --project bench/CryptoTracker.Bench -- <command>
//   micro [BenchmarkDotNet args]     hot domain code (stats, ingest, summarize, ranking) at 1,000 and 5,000 metrics
//   make-replay METRICS HOURS FILE   a replay CSV of METRICS scaled real series (price+volume per symbol)
//   tick METRICS                     CPU time of one collector tick (domain + SQLite commit) with a full 24 h window
return args switch
{
    ["micro", .. var rest] => Run(() => BenchmarkSwitcher.FromAssembly(typeof(DomainBenchmarks).Assembly).Run(rest)),
    ["make-replay", var metrics, var hours, var file] => ScaledReplay.Write(int.Parse(metrics), int.Parse(hours), file),
    ["tick", var metrics] => await TickCost.RunAsync(int.Parse(metrics)),
    _ => Usage(),
};

static int Run(Action a) { a(); return 0; }

static int Usage()
{
    Console.Error.WriteLine("usage: micro [args] | make-replay METRICS HOURS FILE | tick METRICS");
    return 2;
}
