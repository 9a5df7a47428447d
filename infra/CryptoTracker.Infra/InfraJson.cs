using System.Text.Json.Serialization;

namespace CryptoTracker.Infra;

[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
internal sealed partial class InfraJson : JsonSerializerContext;
