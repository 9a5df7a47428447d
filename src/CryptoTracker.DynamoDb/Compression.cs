using System.IO.Compression;

namespace CryptoTracker.DynamoDb;

/// <summary>Brotli for the large items (tick items, the summary snapshot): they are billed per KB written.</summary>
internal static class Compression
{
    /// <summary>Quality 9 of 11: within a few percent of the smallest output at a fraction of quality 11's time.</summary>
    private const int Quality = 9, Window = 22;

    public static byte[] Compress(ReadOnlySpan<byte> data)
    {
        var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(data.Length)];
        if (!BrotliEncoder.TryCompress(data, buffer, out var written, Quality, Window))
            throw new InvalidOperationException("Brotli compression failed.");
        return buffer[..written];
    }

    public static byte[] Decompress(byte[] data)
    {
        using var input = new MemoryStream(data, writable: false);
        using var brotli = new BrotliStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream(data.Length * 4);
        brotli.CopyTo(output);
        return output.ToArray();
    }
}
