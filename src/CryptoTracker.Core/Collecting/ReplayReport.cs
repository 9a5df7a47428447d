namespace CryptoTracker.Core.Collecting;

/// <summary>What a replay did; <see cref="Error"/> when reading the file stopped it (everything read before is stored).</summary>
public sealed record ReplayReport(long Minutes, long Points, TimeSpan Elapsed, string? Error);
