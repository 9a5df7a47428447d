using System.Text.Json;
using CryptoTracker.Core.Metrics;

namespace CryptoTracker.DynamoDb;

/// <summary>
/// The full set of summaries of one commit: the Core records serialised as they are (a field added to
/// <see cref="MetricSummary"/> flows through without a layout change), Brotli-compressed and cut into parts below
/// DynamoDB's 400 KB item limit. Times are written as Unix seconds, the store's resolution (as SQLite keeps them).
/// </summary>
internal static class SummarySnapshot
{
    internal const int MaxPartBytes = 350_000;

    public static List<byte[]> Encode(IReadOnlyList<MetricSummary> summaries, int maxPartBytes = MaxPartBytes)
    {
        // The order SQLite serves (ORDER BY type, symbol): readers get the set as written.
        var ordered = summaries.OrderBy(s => s.Id.Type, StringComparer.Ordinal).ThenBy(s => s.Id.Symbol, StringComparer.Ordinal).ToList();
        var compressed = Compression.Compress(JsonSerializer.SerializeToUtf8Bytes(ordered, SnapshotJsonContext.Default.ListMetricSummary));
        return [.. compressed.Chunk(maxPartBytes)];
    }

    public static List<MetricSummary> Decode(IEnumerable<byte[]> parts) =>
        JsonSerializer.Deserialize(Compression.Decompress([.. parts.SelectMany(p => p)]), SnapshotJsonContext.Default.ListMetricSummary) ?? [];
}
