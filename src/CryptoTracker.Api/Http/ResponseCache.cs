using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CryptoTracker.Api.Http;

/// <summary>
/// Responses that only change when the collector commits: keyed by what was asked, dropped with the read model they came
/// from. Bounded, so that a client walking every metric cannot grow it without limit.
/// </summary>
public sealed class ResponseCache
{
    private const int MaxEntries = 4096;
    private readonly ConcurrentDictionary<string, MaterializedJson> _entries = new(StringComparer.Ordinal);

    public async ValueTask<MaterializedJson> GetOrAddAsync<T>(string key, Func<ValueTask<T>> build, JsonTypeInfo<T> type)
    {
        if (_entries.TryGetValue(key, out var hit)) return hit;
        var made = MaterializedJson.Create(await build(), type);
        return _entries.Count < MaxEntries ? _entries.GetOrAdd(key, made) : made;
    }
}
