using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CryptoTracker.Api.Http;

/// <summary>A response serialised once and served many times, with a content-derived ETag.</summary>
public sealed class MaterializedJson
{
    /// <summary>Below this, compressing costs more than it saves.</summary>
    private const int GzipThreshold = 1024;

    private readonly Lazy<byte[]?> _gzip;

    private MaterializedJson(byte[] body)
    {
        Body = body;
        // Derived from the bytes, so every process (and every Lambda instance) gives the same answer the same tag.
        var tag = Convert.ToBase64String(SHA256.HashData(body), 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        ETag = $"\"{tag}\"";
        GzipETag = $"\"{tag}-gz\"";
        _gzip = new Lazy<byte[]?>(() => body.Length < GzipThreshold ? null : Compress(body));
    }

    public byte[] Body { get; }
    public string ETag { get; }
    public string GzipETag { get; }

    /// <summary>The body gzip-compressed, made on first use and kept; null for small bodies.</summary>
    public byte[]? Gzip => _gzip.Value;

    private static byte[] Compress(byte[] body)
    {
        using var buffer = new MemoryStream(body.Length / 4);
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(body);
        return buffer.ToArray();
    }

    public static MaterializedJson Create<T>(T value, JsonTypeInfo<T> type) => new(JsonSerializer.SerializeToUtf8Bytes(value, type));
}
