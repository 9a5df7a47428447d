using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;

namespace CryptoTracker.Core.Tests;

/// <summary>
/// A quote source whose every call is answered by the next step of a script (quotes, or an exception to throw).
/// </summary>
public sealed class ScriptedSource(string name, params Func<IReadOnlyList<Quote>>[] steps) : IQuoteSource
{
    private int _calls;

    public string Name => name;
    public int Calls => Volatile.Read(ref _calls);

    public Task<IReadOnlyList<Quote>> FetchAsync(CancellationToken ct)
    {
        var i = Interlocked.Increment(ref _calls) - 1;
        return Task.FromResult(steps[Math.Min(i, steps.Length - 1)]());
    }

    public static Func<IReadOnlyList<Quote>> Fail(Exception ex) => () => throw ex;

    public static Func<IReadOnlyList<Quote>> Price(string symbol, double value) => () => [new Quote(new MetricId("price", symbol), value)];
}
