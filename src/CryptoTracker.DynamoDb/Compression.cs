using System.IO.Compression;

namespace CryptoTracker.DynamoDb;

/// <summary>Brotli for the large items (tick items, the summary snapshot): they are billed per KB written.</summary>
internal static class Compression
{
    /// <summary>
    /// Quality 5 of 11, measured on the 2-core machine under load: a 1,000-metric tick body (23.5 KB) becomes 8.0 KB as with
    /// quality 9 (1: 9.6 KB) in 7.5 ms instead of 142 ms; 1,000 summaries (315 KB of JSON) become 58 KB with every quality
    /// up to 9 (quality 9: 676 ms, 5: 162 ms); only 11 is smaller (45.7 KB) and it takes 8.5 s.
    /// </summary>
    private const int Quality = 5, Window = 22;

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
