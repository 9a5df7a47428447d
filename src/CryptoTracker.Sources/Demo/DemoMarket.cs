using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Sources.Demo;

/// <summary>
/// An offline, reproducible market: a dozen symbols whose price drifts in slow waves with minute noise and whose volume,
/// now and then, jumps fivefold for a few minutes (about once in twelve hours per symbol, so roughly one alert an hour
/// across the market). Every value is a pure function of (seed, symbol, minute): the same seed gives the same market, and
/// the last 24 hours can be generated at start-up so that charts are full from the first second.
/// </summary>
public sealed class DemoMarket(IOptions<DemoOptions> options, TimeProvider clock) : IQuoteSource, IBackfillSource
{
    private static readonly (string Symbol, double Price, double Volume)[] Symbols =
    [
        ("btcusd", 64000, 3200), ("btceur", 59000, 1400), ("ethusd", 3100, 41000), ("etheur", 2850, 17000),
        ("solusd", 145, 290000), ("adausd", 0.45, 21000000), ("dogeusd", 0.12, 160000000), ("xrpusd", 0.52, 38000000),
        ("ltcusd", 72, 95000), ("dotusd", 6.1, 1300000), ("linkusd", 14.2, 610000), ("usdcusd", 1.0001, 52000000),
    ];

    private readonly ulong _seed = (ulong)options.Value.Seed;

    public string Name => "demo";

    public Task<IReadOnlyList<Quote>> FetchAsync(CancellationToken ct) =>
        Task.FromResult(QuotesAt(Minutes.Truncate(clock.GetUtcNow())));

    public Task<IReadOnlyList<MinuteQuotes>> BackfillAsync(DateTimeOffset fromExclusive, DateTimeOffset toInclusive, CancellationToken ct)
    {
        var minutes = new List<MinuteQuotes>();
        for (var m = Minutes.Truncate(fromExclusive).AddMinutes(1); m <= toInclusive; m = m.AddMinutes(1))
            minutes.Add(new MinuteQuotes(m, QuotesAt(m)));
        return Task.FromResult<IReadOnlyList<MinuteQuotes>>(minutes);
    }

    public IReadOnlyList<Quote> QuotesAt(DateTimeOffset minute)
    {
        var m = minute.ToUnixTimeSeconds() / 60;
        var quotes = new List<Quote>(Symbols.Length * 2);
        foreach (var (symbol, basePrice, baseVolume) in Symbols)
        {
            var s = Fnv(symbol);
            var phase = Unit(Mix(_seed, s, 1)) * Math.PI;
            var stable = symbol == "usdcusd";
            var drift = stable
                ? 1e-4 * Math.Sin(2 * Math.PI * m / 700.0 + phase) + 5e-5 * Signed(Mix(_seed, s, (ulong)m))
                : 0.03 * Math.Sin(2 * Math.PI * m / 1440.0 + phase) + 0.01 * Math.Sin(2 * Math.PI * m / 97.0 + 2 * phase)
                  + 0.002 * Signed(Mix(_seed, s, (ulong)m));
            var price = basePrice * Math.Exp(drift);

            var hour = m / 60;
            // The spike starts at a minute of the hour drawn per symbol and hour (5 to 54), so alerts fall at varied times.
            var start = 5 + (long)(Mix(_seed ^ 0x27d4eb2f, s, (ulong)hour) % 50);
            var spiking = Mix(_seed ^ 0x5bd1e995, s, (ulong)hour) % 12 == 0 && m % 60 >= start && m % 60 < start + 3;
            var volume = baseVolume * (1 + 0.25 * Signed(Mix(_seed ^ 0x9e3779b9, s, (ulong)m))) * (spiking ? 5 : 1);

            quotes.Add(new Quote(new MetricId("price", symbol), Math.Round(price, price < 10 ? 6 : 2)));
            quotes.Add(new Quote(new MetricId("volume", symbol), Math.Round(volume, 3)));
        }
        return quotes;
    }

    private static ulong Fnv(string text)
    {
        var h = 14695981039346656037UL;
        foreach (var c in text) { h ^= c; h *= 1099511628211UL; }
        return h;
    }

    // SplitMix64 finaliser over the three inputs: a stateless, well-spread hash.
    private static ulong Mix(ulong a, ulong b, ulong c)
    {
        var z = a * 0x9E3779B97F4A7C15UL ^ b + 0xBF58476D1CE4E5B9UL * c;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static double Unit(ulong h) => (h >> 11) * (1.0 / (1UL << 53));
    private static double Signed(ulong h) => 2 * Unit(h) - 1;
}
