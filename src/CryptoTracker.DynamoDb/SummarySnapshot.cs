using System.Text.Json;
using System.Text.Json.Serialization;
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

/// <summary>Unix seconds (truncated), as every store keeps times.</summary>
internal sealed class UnixSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64());

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.ToUnixTimeSeconds());
}

/// <summary>A metric id as its text form, <c>type:symbol</c>.</summary>
internal sealed class MetricIdConverter : JsonConverter<MetricId>
{
    public override MetricId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        MetricId.Parse(reader.GetString() ?? throw new JsonException("A metric id is required."));

    public override void Write(Utf8JsonWriter writer, MetricId value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}

// System.Text.Json writes doubles in their shortest round-trip form and parses them back to the same bits.
[JsonSourceGenerationOptions(
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(UnixSecondsConverter), typeof(MetricIdConverter)])]
[JsonSerializable(typeof(List<MetricSummary>))]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;
