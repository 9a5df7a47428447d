using System.Text.Json.Serialization;
using CryptoTracker.Core.Metrics;

namespace CryptoTracker.DynamoDb;

// System.Text.Json writes doubles in their shortest round-trip form and parses them back to the same bits.
[JsonSourceGenerationOptions(
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(UnixSecondsConverter), typeof(MetricIdConverter)])]
[JsonSerializable(typeof(List<MetricSummary>))]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;
