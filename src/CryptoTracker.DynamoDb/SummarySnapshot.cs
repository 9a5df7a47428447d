using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CryptoTracker.Core.Metrics;

namespace CryptoTracker.DynamoDb;

/// <summary>
/// The full set of summaries of one commit, written as a few JSON chunks under one stamp. A reader takes the newest stamp
/// whose chunks are all present, so the set switches at once and a metric missing from the new set disappears with it.
/// </summary>
internal static class SummarySnapshot
{
    /// <summary>Below DynamoDB's 400 KB item limit with room for the keys and attribute names.</summary>
    internal const int MaxChunkBytes = 350_000;

    public static List<string> Encode(IReadOnlyList<MetricSummary> summaries, int maxChunkBytes = MaxChunkBytes)
    {
        var chunks = new List<string>();
        var current = new StringBuilder("[");
        var bytes = 1;
        // The order SQLite serves (ORDER BY type, symbol): readers get the set as written.
        foreach (var s in summaries.OrderBy(s => s.Id.Type, StringComparer.Ordinal).ThenBy(s => s.Id.Symbol, StringComparer.Ordinal))
        {
            var json = JsonSerializer.Serialize(SummaryRecord.From(s), SnapshotJsonContext.Default.SummaryRecord);
            var size = Encoding.UTF8.GetByteCount(json) + 1;
            if (bytes > 1 && bytes + size + 1 > maxChunkBytes)
            {
                chunks.Add(current.Append(']').ToString());
                current.Clear().Append('[');
                bytes = 1;
            }
            if (bytes > 1) current.Append(',');
            current.Append(json);
            bytes += size;
        }
        chunks.Add(current.Append(']').ToString());
        return chunks;
    }

    public static IEnumerable<MetricSummary> Decode(string chunk) =>
        (JsonSerializer.Deserialize(chunk, SnapshotJsonContext.Default.ListSummaryRecord) ?? []).Select(r => r.ToSummary());
}

/// <summary>One summary in a snapshot chunk. Short names: the whole set of 1,000 metrics fits one item. Times are Unix seconds.</summary>
internal sealed record SummaryRecord(
    [property: JsonPropertyName("ty")] string Type,
    [property: JsonPropertyName("sy")] string Symbol,
    [property: JsonPropertyName("wf")] long WindowFrom,
    [property: JsonPropertyName("wt")] long WindowTo,
    [property: JsonPropertyName("n")] int Count,
    [property: JsonPropertyName("mean")] double Mean,
    [property: JsonPropertyName("sd")] double? StdDev,
    [property: JsonPropertyName("min")] double Min,
    [property: JsonPropertyName("max")] double Max,
    [property: JsonPropertyName("lt")] long LatestT,
    [property: JsonPropertyName("lv")] double LatestV,
    [property: JsonPropertyName("rs")] int? RankStdDev,
    [property: JsonPropertyName("ts")] int TotalStdDev,
    [property: JsonPropertyName("rm")] int? RankMean,
    [property: JsonPropertyName("tm")] int TotalMean,
    [property: JsonPropertyName("rc")] int? RankCv = null,
    [property: JsonPropertyName("tc")] int TotalCv = 0)
{
    public static SummaryRecord From(MetricSummary s) => new(
        s.Id.Type, s.Id.Symbol, s.WindowFrom.ToUnixTimeSeconds(), s.WindowTo.ToUnixTimeSeconds(),
        s.Stats.Count, s.Stats.Mean, s.Stats.StdDev, s.Stats.Min, s.Stats.Max,
        s.Latest.T.ToUnixTimeSeconds(), s.Latest.V,
        s.ByStdDev.Rank, s.ByStdDev.Total, s.ByMean.Rank, s.ByMean.Total, s.ByCv.Rank, s.ByCv.Total);

    public MetricSummary ToSummary() => new(
        new MetricId(Type, Symbol),
        DateTimeOffset.FromUnixTimeSeconds(WindowFrom), DateTimeOffset.FromUnixTimeSeconds(WindowTo),
        new WindowStats(Count, Mean, StdDev, Min, Max),
        new Point(DateTimeOffset.FromUnixTimeSeconds(LatestT), LatestV),
        new RankPlace(RankStdDev, TotalStdDev), new RankPlace(RankMean, TotalMean)) { ByCv = new RankPlace(RankCv, TotalCv) };
}

// System.Text.Json writes doubles in their shortest round-trip form and parses them back to the same bits.
[JsonSourceGenerationOptions(
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SummaryRecord))]
[JsonSerializable(typeof(List<SummaryRecord>))]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;
