using System.Globalization;
using System.Runtime.CompilerServices;
using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Sources.Replay;

/// <summary>
/// Reads a replay CSV: header <c>time,symbol,&lt;type&gt;,…</c>, ISO-8601 UTC times, one row per symbol per minute in time
/// order; an empty cell means no point. Rows with the same minute are grouped into one <see cref="MinuteQuotes"/>.
/// A malformed file stops with the file name and line number; nothing after the bad line is replayed.
/// </summary>
public static class ReplayReader
{
    /// <param name="bytesRead">Where the reader is in the file (bytes, read-ahead included), updated per row: for progress.</param>
    public static async IAsyncEnumerable<MinuteQuotes> ReadAsync(string file, [EnumeratorCancellation] CancellationToken ct, StrongBox<long>? bytesRead = null)
    {
        using var reader = new StreamReader(file);
        var header = await reader.ReadLineAsync(ct) ?? throw new ReplayFormatException(file, 1, "the file is empty; expected a header time,symbol,<type>,...");
        var columns = header.Split(',').Select(c => c.Trim().ToLowerInvariant()).ToArray();
        if (columns.Length < 3 || columns[0] != "time" || columns[1] != "symbol")
            throw new ReplayFormatException(file, 1, "the header must be time,symbol,<type>[,<type>...]");
        foreach (var type in columns[2..])
            if (!MetricId.IsValidType(type)) throw new ReplayFormatException(file, 1, $"'{Clip(type)}' is not a metric type (a-z, 0-9)");

        long line = 1;
        DateTimeOffset? current = null;
        var quotes = new List<Quote>();
        while (await reader.ReadLineAsync(ct) is { } text)
        {
            line++;
            if (bytesRead is not null) bytesRead.Value = reader.BaseStream.Position;
            if (text.Length == 0) continue;
            var cells = text.Split(',');
            if (cells.Length != columns.Length)
                throw new ReplayFormatException(file, line, $"expected {columns.Length} cells, found {cells.Length}");
            if (!DateTimeOffset.TryParse(cells[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
                throw new ReplayFormatException(file, line, $"'{Clip(cells[0])}' is not an ISO-8601 time");
            var minute = Minutes.Truncate(time);
            var symbol = cells[1].Trim().ToLowerInvariant();
            if (!MetricId.IsValidSymbol(symbol)) throw new ReplayFormatException(file, line, $"'{Clip(symbol)}' is not a symbol");

            if (current is { } c && minute != c)
            {
                if (minute < c) throw new ReplayFormatException(file, line, $"rows must be in time order; {minute:u} comes after {c:u}");
                yield return new MinuteQuotes(c, quotes);
                quotes = [];
            }
            current = minute;
            for (var i = 2; i < cells.Length; i++)
            {
                var cell = cells[i].Trim();
                if (cell.Length == 0) continue;
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    throw new ReplayFormatException(file, line, $"'{Clip(cell)}' in column {columns[i]} is not a number");
                quotes.Add(new Quote(new MetricId(columns[i], symbol), value));
            }
        }
        if (current is { } last) yield return new MinuteQuotes(last, quotes);
    }

    /// <summary>The first row's minute, to start the replay clock before anything is replayed.</summary>
    public static DateTimeOffset? FirstMinute(string file)
    {
        using var reader = new StreamReader(file);
        reader.ReadLine();
        var first = reader.ReadLine();
        return first is not null && DateTimeOffset.TryParse(first.Split(',')[0], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? Minutes.Truncate(t) : null;
    }

    /// <summary>The last row's minute (read from the end of the file, so a large file costs nothing).</summary>
    public static DateTimeOffset? LastMinute(string file)
    {
        using var stream = File.OpenRead(file);
        var tail = new byte[(int)Math.Min(stream.Length, 64 * 1024)];
        stream.Seek(-tail.Length, SeekOrigin.End);
        stream.ReadExactly(tail);
        var lines = System.Text.Encoding.UTF8.GetString(tail).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = lines.Length - 1; i >= 0; i--)
            if (DateTimeOffset.TryParse(lines[i].Split(',')[0], CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)) return Minutes.Truncate(t);
        return null;
    }

    /// <summary>
    /// A name for the store of one replay file: its name and the start of its content's SHA-256, so that a corrected or
    /// different file (even under the same name) never reads data replayed from another one.
    /// </summary>
    public static string StoreName(string file)
    {
        using var stream = File.OpenRead(file);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream))[..12];
        var stem = new string(Path.GetFileNameWithoutExtension(file).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? char.ToLowerInvariant(c) : '-').ToArray());
        return $"replay-{(stem.Length > 40 ? stem[..40] : stem)}-{hash}";
    }

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
