using System.Text.Json;
using System.Text.Json.Serialization;
using CryptoTracker.Core.Metrics;

namespace CryptoTracker.DynamoDb;

/// <summary>A metric id as its text form, <c>type:symbol</c>.</summary>
internal sealed class MetricIdConverter : JsonConverter<MetricId>
{
    public override MetricId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        MetricId.Parse(reader.GetString() ?? throw new JsonException("A metric id is required."));

    public override void Write(Utf8JsonWriter writer, MetricId value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
