using System.Globalization;
using System.Text;

namespace CryptoTracker.Bench;

/// <summary>
/// Builds N metrics (N/2 symbols × price and volume) from the three real Binance.US minute series in ../shared/data:
/// symbol i takes series i mod 3, starting (i / 3) × 37 minutes later, scaled by a per-symbol factor — real shapes
/// (spikes, the USDC de-peg) at many price levels. Without ../shared it falls back to a seeded random walk and says so.
/// </summary>
public static class ScaledReplay
{
    public static int Write(int metrics, int hours, string file)
    {
        var symbols = Math.Max(1, metrics / 2);
        var minutes = hours * 60;
        var series = LoadReal();
        var start = new DateTime(2023, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        using var w = new StreamWriter(file, false, new UTF8Encoding(false), 1 << 20);
        w.Write("time,symbol,price,volume\n");
        for (var m = 0; m < minutes; m++)
        {
            var time = start.AddMinutes(m).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            for (var i = 0; i < symbols; i++)
            {
                var s = series[i % series.Count];
                var row = s[(m + i / 3 * 37) % s.Count];
                var scale = 0.5 + (i * 0.6180339887 % 1.0) * 20;
                w.Write(time);
                w.Write(",s");
                w.Write(i.ToString("D5", CultureInfo.InvariantCulture));
                w.Write(',');
                w.Write((row.Close * scale).ToString("R", CultureInfo.InvariantCulture));
                w.Write(',');
                w.Write((row.Volume * scale).ToString("R", CultureInfo.InvariantCulture));
                w.Write('\n');
            }
        }
        Console.WriteLine($"wrote {file}: {symbols} symbols × 2 types = {symbols * 2} metrics, {minutes} minutes, {(long)symbols * 2 * minutes:N0} points");
        return 0;
    }

    private static List<List<(double Close, double Volume)>> LoadReal()
    {
        var folder = FindShared();
        if (folder is null)
        {
            Console.Error.WriteLine("../shared/data not found: using a seeded random walk instead of the real series.");
            var rng = new Random(7);
            var walk = new List<(double, double)>();
            var p = 100.0;
            for (var i = 0; i < 30240; i++) { p *= 1 + (rng.NextDouble() - 0.5) * 0.002; walk.Add((p, rng.NextDouble() * 10 * (rng.Next(500) == 0 ? 6 : 1))); }
            return [walk];
        }
        return new[] { "BTCUSD", "BTCUSDT", "BTCUSDC" }.Select(pair =>
            File.ReadLines(Path.Combine(folder, "minute", "binanceus_2023-03", $"{pair}_1m_20230301_20230321.csv")).Skip(1)
                .Select(l => l.Split(','))
                .Select(c => (double.Parse(c[4], CultureInfo.InvariantCulture), double.Parse(c[5], CultureInfo.InvariantCulture)))
                .ToList()).ToList();
    }

    private static string? FindShared()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CryptoTracker.sln")))
            {
                var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
                return Directory.Exists(shared) ? shared : null;
            }
        return null;
    }
}
