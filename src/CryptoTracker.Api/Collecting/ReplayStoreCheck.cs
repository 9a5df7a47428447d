using CryptoTracker.Api.Configuration;
using CryptoTracker.Core.Ports;
using CryptoTracker.Sources.Replay;

namespace CryptoTracker.Api.Collecting;

/// <summary>
/// Before a replay starts: does the store already hold data the file would not replace? By default each file has a store
/// of its own (name + content hash), so only a store chosen by hand (Tracker:Sqlite:Path, or DynamoDB) can hold another
/// file's data. Later data than the whole file stops start-up (the API would serve it, or an empty window); data inside
/// the file's period is kept and those rows are skipped, which is right when resuming an interrupted replay of the same
/// file and wrong for a corrected one, so it is said plainly.
/// </summary>
public static class ReplayStoreCheck
{
    public sealed record Outcome(string? Error, string? Warning);

    public static async Task<Outcome> RunAsync(IMetricStore store, TrackerOptions options, CancellationToken ct)
    {
        var file = options.Replay.File!;
        await store.InitializeAsync(ct);
        var stored = (await store.GetStatusAsync(ct))?.LastTick;
        if (stored is not { } lastStored) return new Outcome(null, null);

        var where = options.Store == StoreKind.DynamoDb ? "The DynamoDB table" : $"The store {options.SqlitePath}";
        var dedicated = options.Store != StoreKind.DynamoDb && options.Sqlite.Path is not { Length: > 0 };
        var first = ReplayReader.FirstMinute(file);
        var last = ReplayReader.LastMinute(file);
        if (last is { } end && lastStored > end)
            return new Outcome(
                $"{where} already holds data up to {lastStored:u}, later than the end of the replay file ({end:u}); the API would " +
                "keep serving that data. Use another Tracker:Sqlite:Path, or leave it unset: each replay file then gets a store of its own.",
                null);
        if (!dedicated && first is { } start && lastStored >= start)
            return new Outcome(null,
                $"{where} already holds data up to {lastStored:u}: the replay keeps it and skips the file's rows up to that minute. " +
                "If the file is not the one replayed before, use another Tracker:Sqlite:Path or leave it unset (one store per file).");
        return new Outcome(null, null);
    }
}
