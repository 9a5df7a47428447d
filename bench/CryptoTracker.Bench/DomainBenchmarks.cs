using BenchmarkDotNet.Attributes;
using CryptoTracker.Core;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Bench;

/// <summary>The hot domain code of one tick, with every metric holding a full 24 h window.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class DomainBenchmarks
{
    [Params(1000, 5000)]
    public int Metrics;

    private TrackedMetrics _market = null!;
    private MinuteQuotes[] _next = null!;
    private double[] _window = null!;
    private (MetricId, double)[] _values = null!;
    private DateTimeOffset _now;
    private int _tick;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        var ids = Enumerable.Range(0, Metrics).Select(i => new MetricId(i % 2 == 0 ? "price" : "volume", $"s{i / 2:D5}")).ToArray();
        _market = new TrackedMetrics(new RuleBook([AlertRule.Spike()]));
        var t0 = new DateTimeOffset(2023, 3, 1, 0, 0, 0, TimeSpan.Zero);
        for (var m = 0; m < 1440; m++)
            _market.Ingest(new MinuteQuotes(t0.AddMinutes(m), ids.Select(id => new Quote(id, 100 + rng.NextDouble())).ToArray()));
        _now = t0.AddMinutes(1439);
        _market.Summarize(_now);
        // Enough future minutes for every iteration of the ingest benchmark.
        _next = Enumerable.Range(1440, 4000).Select(m => new MinuteQuotes(t0.AddMinutes(m), ids.Select(id => new Quote(id, 100 + rng.NextDouble())).ToArray())).ToArray();
        _window = Enumerable.Range(0, 1440).Select(_ => 20000 + rng.NextDouble() * 100).ToArray();
        _values = ids.Select(id => (id, rng.NextDouble())).ToArray();
    }

    [Benchmark(Description = "WindowStats.Compute, 1,440 points")]
    public WindowStats Stats() => WindowStats.Compute(_window);

    [Benchmark(Description = "One tick: TrackedMetrics.Ingest + Summarize")]
    public int Tick()
    {
        // One new minute for every metric (spike rule included), which makes every window dirty as in a live tick; then
        // drop what left the window, stats and ranks for all. (Ingest alone is not measured: without Summarize the
        // windows would never be pruned and grow without bound, which no real tick does.)
        var minute = _next[_tick++ % _next.Length];
        _market.Ingest(minute);
        return _market.Summarize(minute.Minute).Count;
    }

    [Benchmark(Description = "CompetitionRanking.Rank")]
    public int Rank() => CompetitionRanking.Rank(_values).Count;
}
