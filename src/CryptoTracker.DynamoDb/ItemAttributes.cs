using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace CryptoTracker.DynamoDb;

/// <summary>
/// The item keys of the table and the attribute conversions. Everything this layout writes, except alerts (whose items did
/// not change), lives under keys starting with <see cref="LayoutVersion"/>, so items of an earlier layout are never read as ours.
/// </summary>
internal static class ItemAttributes
{
    internal const string Pk = "pk", Sk = "sk", ExpiresAt = "expiresAt", Body = "b";
    internal const string LayoutVersion = "v2#";
    internal const string TickPartition = LayoutVersion + "TICK", SummaryPartition = LayoutVersion + "SUMMARY";

    /// <summary>
    /// The status (with the fold mark and the summary slot) sorts after every tick item of the tick partition, so one
    /// descending query returns it and then the tick items after the fold mark.
    /// </summary>
    internal const string StatusPartition = TickPartition, StatusKey = "~STATUS";
    internal const string AlertPartition = "ALERT";
    internal const long HourSeconds = 3600;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    internal static readonly long MinSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds(), MaxSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>The partition of one closed hour: one chunk item per metric (sort key = the metric id).</summary>
    internal static string HourPartition(long hourStart) => $"{HourPrefix}{TimeKey(hourStart)}";

    internal static long HourOfPartition(string pk) => ParseTimeKey(pk[HourPrefix.Length..]);

    private const string HourPrefix = LayoutVersion + "HOUR#";

    internal static long HourStart(long unixSeconds) => unixSeconds - (((unixSeconds % HourSeconds) + HourSeconds) % HourSeconds);

    /// <summary>Sortable UTC second: <c>2023-03-01T00:05:00Z</c>.</summary>
    internal static string TimeKey(long unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(unixSeconds, MinSeconds, MaxSeconds)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Invariant);

    internal static long ParseTimeKey(string key) =>
        new DateTimeOffset(DateTime.ParseExact(key.AsSpan(0, 20), "yyyy-MM-dd'T'HH:mm:ss'Z'", Invariant,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero).ToUnixTimeSeconds();

    internal static Dictionary<string, AttributeValue> Key(string pk, string sk) => new() { [Pk] = S(pk), [Sk] = S(sk) };
    internal static WriteRequest Put(Dictionary<string, AttributeValue> item) => new(new PutRequest(item));
    internal static WriteRequest Delete(string pk, string sk) => new(new DeleteRequest(Key(pk, sk)));
    internal static AttributeValue S(string value) => new() { S = value };
    internal static AttributeValue N(double value) => new() { N = value.ToString("R", Invariant) };
    internal static AttributeValue N(long value) => new() { N = value.ToString(Invariant) };
    internal static AttributeValue B(byte[] value) => new() { B = new MemoryStream(value, writable: false) };
    internal static byte[] ReadBytes(AttributeValue value) => value.B.ToArray();
    internal static double ReadDouble(AttributeValue value) => double.Parse(value.N, NumberStyles.Float, Invariant);
    internal static long ReadLong(AttributeValue value) => long.Parse(value.N, NumberStyles.Integer, Invariant);
    internal static int ReadInt(AttributeValue value) => int.Parse(value.N, NumberStyles.Integer, Invariant);
    internal static long? ReadOptionalLong(Dictionary<string, AttributeValue> item, string name) => item.TryGetValue(name, out var v) ? ReadLong(v) : null;
}
