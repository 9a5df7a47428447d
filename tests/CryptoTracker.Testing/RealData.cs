using System.Runtime.CompilerServices;
using System.Globalization;

namespace CryptoTracker.Testing;

/// <summary>A fact that needs ../shared/data: reported as skipped, with the reason, when the folder is absent (a user's clone).</summary>
public sealed class RealDataFactAttribute : FactAttribute
{
    public RealDataFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (RealData.Folder() is null)
            Skip = "Real market data not found: this test needs ../shared/data next to the folder holding CryptoTracker.sln (present in CI).";
    }
}

/// <summary>A theory that needs ../shared/data, skipped with the reason when the folder is absent.</summary>
public sealed class RealDataTheoryAttribute : TheoryAttribute
{
    public RealDataTheoryAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (RealData.Folder() is null)
            Skip = "Real market data not found: this test needs ../shared/data next to the folder holding CryptoTracker.sln (present in CI).";
    }
}

/// <summary>The shared real market data (../shared/data next to the folder holding CryptoTracker.sln), when present.</summary>
public static class RealData
{
    public const string BtcUsd = "minute/binanceus_2023-03/BTCUSD_1m_20230301_20230321.csv";

    /// <summary>../shared/data beside the repository (<see cref="SharedData.Folder"/>), or null when it is absent.</summary>
    public static string? Folder() => Directory.Exists(SharedData.Folder) ? SharedData.Folder : null;

    public sealed record Minute(DateTimeOffset T, double Close, double Volume, string CloseText, string VolumeText);

    /// <summary>Binance klines (open_time,open,high,low,close,volume) with from ≤ open_time &lt; to.</summary>
    public static List<Minute> ReadKlines(string file, DateTimeOffset from, DateTimeOffset to)
    {
        var rows = new List<Minute>();
        foreach (var line in File.ReadLines(file).Skip(1))
        {
            var c = line.Split(',');
            var t = DateTimeOffset.Parse(c[0], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
            if (t < from || t >= to) continue;
            rows.Add(new Minute(t, double.Parse(c[4], CultureInfo.InvariantCulture), double.Parse(c[5], CultureInfo.InvariantCulture), c[4], c[5]));
        }
        return rows;
    }

    /// <summary>The tracker's replay format: time,symbol,price,volume (price = close).</summary>
    public static void WriteReplay(string path, string symbol, IEnumerable<Minute> rows) =>
        File.WriteAllLines(path, rows.Select(r => $"{r.T.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'},{symbol},{r.CloseText},{r.VolumeText}").Prepend("time,symbol,price,volume"));

    /// <summary>
    /// The spike rule computed here from the rule's text, independently of the tracker's windows: a value v at t fires when
    /// the series' points in [t − 60 min, t) number ≥ 30, their mean m &gt; 0 and v &gt; 3m; an alert is raised when the
    /// previous point did not fire and no alert was raised in the 60 minutes before t.
    /// </summary>
    public static List<DateTimeOffset> ExpectedSpikes(IReadOnlyList<(DateTimeOffset T, double V)> series)
    {
        var alerts = new List<DateTimeOffset>();
        var previousFiring = false;
        DateTimeOffset? last = null;
        for (var i = 0; i < series.Count; i++)
        {
            var (t, v) = series[i];
            var window = series.Take(i).Where(p => p.T >= t.AddMinutes(-60) && p.T < t).Select(p => p.V).ToList();
            var firing = window.Count >= 30 && window.Average() > 0 && v > 3 * window.Average();
            if (firing && !previousFiring && (last is null || last <= t.AddMinutes(-60)))
            {
                alerts.Add(t);
                last = t;
            }
            previousFiring = firing;
        }
        return alerts;
    }
}
