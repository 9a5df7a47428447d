using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using CryptoTracker.Core.Metrics;

namespace CryptoTracker.DynamoDb;

/// <summary>
/// The two binary forms points take in the table. Doubles are stored as their 8 IEEE-754 bytes (little-endian), so every
/// value reads back bit for bit.
/// <list type="bullet">
/// <item>A tick body: the points of many metrics at one second — the metric ids (ASCII, length-prefixed, ordinal order)
/// then the values; Brotli-compressed in the item.</item>
/// <item>An hour chunk: the points of one metric in one hour — the count, each point's second within the hour (2 bytes),
/// then the values (≈ 600 bytes for 60 minutes: one write unit).</item>
/// </list>
/// </summary>
internal static class PointPacking
{
    /// <summary>Uncompressed tick bodies are split below this, so a compressed one always fits DynamoDB's 400 KB item.</summary>
    internal const int MaxTickBodyBytes = 350_000;

    /// <summary>Tick bodies for points at one second, split by size; each with a content hash that names its item.</summary>
    public static List<(byte[] Body, string Hash)> EncodeTick(IEnumerable<(string Metric, double Value)> points)
    {
        var sorted = points.OrderBy(p => p.Metric, StringComparer.Ordinal).ToList();
        var bodies = new List<(byte[], string)>();
        var start = 0;
        while (start < sorted.Count)
        {
            var end = start;
            var size = 4;
            while (end < sorted.Count && (end == start || size + sorted[end].Metric.Length + 9 <= MaxTickBodyBytes))
            {
                size += sorted[end].Metric.Length + 9;
                end++;
            }
            var body = new byte[size];
            var span = body.AsSpan();
            BinaryPrimitives.WriteInt32LittleEndian(span, end - start);
            var at = 4;
            for (var i = start; i < end; i++)
            {
                var name = sorted[i].Metric;
                span[at++] = checked((byte)name.Length);
                at += Encoding.ASCII.GetBytes(name, span[at..]);
            }
            for (var i = start; i < end; i++, at += 8) BinaryPrimitives.WriteDoubleLittleEndian(span[at..], sorted[i].Value);
            bodies.Add((body, Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 8))));
            start = end;
        }
        return bodies;
    }

    public static IEnumerable<(string Metric, double Value)> DecodeTick(byte[] body)
    {
        var count = BinaryPrimitives.ReadInt32LittleEndian(body);
        var names = new string[count];
        var at = 4;
        for (var i = 0; i < count; i++)
        {
            int length = body[at++];
            names[i] = Encoding.ASCII.GetString(body, at, length);
            at += length;
        }
        for (var i = 0; i < count; i++, at += 8) yield return (names[i], BinaryPrimitives.ReadDoubleLittleEndian(body.AsSpan(at)));
    }

    /// <summary>The value of one metric in a tick body, without materialising the others.</summary>
    public static double? FindInTick(byte[] body, string metric)
    {
        var count = BinaryPrimitives.ReadInt32LittleEndian(body);
        Span<byte> wanted = stackalloc byte[metric.Length];
        Encoding.ASCII.GetBytes(metric, wanted);
        var at = 4;
        var index = -1;
        for (var i = 0; i < count; i++)
        {
            int length = body[at++];
            if (index < 0 && body.AsSpan(at, length).SequenceEqual(wanted)) index = i;
            at += length;
        }
        return index < 0 ? null : BinaryPrimitives.ReadDoubleLittleEndian(body.AsSpan(at + index * 8));
    }

    /// <summary>One metric's points of one hour (seconds since the hour's start, 0–3599), in time order.</summary>
    public static byte[] EncodeChunk(long hourStart, IReadOnlyCollection<KeyValuePair<long, double>> points)
    {
        var body = new byte[2 + points.Count * 10];
        var span = body.AsSpan();
        BinaryPrimitives.WriteUInt16LittleEndian(span, checked((ushort)points.Count));
        var i = 0;
        foreach (var (t, v) in points.OrderBy(p => p.Key))
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span[(2 + i * 2)..], checked((ushort)(t - hourStart)));
            BinaryPrimitives.WriteDoubleLittleEndian(span[(2 + points.Count * 2 + i * 8)..], v);
            i++;
        }
        return body;
    }

    public static IEnumerable<Point> DecodeChunk(long hourStart, byte[] body)
    {
        int count = BinaryPrimitives.ReadUInt16LittleEndian(body);
        for (var i = 0; i < count; i++)
        {
            var t = hourStart + BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(2 + i * 2));
            yield return new Point(DateTimeOffset.FromUnixTimeSeconds(t), BinaryPrimitives.ReadDoubleLittleEndian(body.AsSpan(2 + count * 2 + i * 8)));
        }
    }
}
