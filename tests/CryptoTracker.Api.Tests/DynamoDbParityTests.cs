using System.Text.Json.Nodes;

namespace CryptoTracker.Api.Tests;

/// <summary>
/// The same real-data replay run twice, once on SQLite and once with --Tracker:Store=dynamodb against dynalite: every API
/// answer must be identical (health differs only in the store's kind).
/// </summary>
public sealed class BothStoresReplay : IAsyncLifetime
{
    public TrackerApp? Sqlite { get; private set; }
    public TrackerApp? Dynamo { get; private set; }
    private DynaliteProcess? _dynalite;
    private string? _missing;

    public async ValueTask InitializeAsync()
    {
        if (!Directory.Exists(SharedData.Folder))
        {
            _missing = $"Real exchange data not found at {SharedData.Folder} (present in CI).";
            return;
        }
        var csv = ReplayFiles.Write(Path.GetTempPath(), ReplayFiles.DePegDays(RealDataReplay.From, RealDataReplay.To));
        _dynalite = await DynaliteProcess.StartAsync(SharedData.RepoRoot);
        string[] replay = ["--Tracker:Source=replay", $"--Tracker:Replay:File={csv}", "--Tracker:Replay:Speed=max"];
        var sqlite = TrackerApp.StartAsync(replay);
        var dynamo = TrackerApp.StartAsync([.. replay, "--Tracker:Store=dynamodb",
            $"--Tracker:DynamoDb:ServiceUrl={_dynalite.ServiceUrl}", "--Tracker:DynamoDb:Table=tracker-parity"]);
        Sqlite = await sqlite;
        Dynamo = await dynamo;
        await Task.WhenAll(Sqlite.WaitForReplayAsync(TimeSpan.FromMinutes(4)), Dynamo.WaitForReplayAsync(TimeSpan.FromMinutes(4)));
    }

    public (TrackerApp Sqlite, TrackerApp Dynamo) Require()
    {
        if (_missing is not null) Assert.Skip(_missing);
        return (Sqlite!, Dynamo!);
    }

    public async ValueTask DisposeAsync()
    {
        if (Sqlite is not null) await Sqlite.DisposeAsync();
        if (Dynamo is not null) await Dynamo.DisposeAsync();
        _dynalite?.Dispose();
    }
}

public sealed class DynamoDbParityTests(BothStoresReplay both) : IClassFixture<BothStoresReplay>
{
    [Fact]
    public async Task EveryEndpoint_AnswersTheSameOnDynamoDbAsOnSqlite()
    {
        var (sqlite, dynamo) = both.Require();
        var expected = await ApiSnapshot.TakeAsync(sqlite);
        var actual = await ApiSnapshot.TakeAsync(dynamo);

        Assert.Equal(4 * 8 + 8, expected.Count); // four answers per metric, eight metrics, eight lists and errors
        ApiSnapshot.AssertSame(expected, actual);
        Assert.Contains("\"alerts\":[{", expected["/v1/alerts"]); // the comparison covered real alerts
    }

    [Fact]
    public async Task Health_IsTheSameButForTheStoreKind()
    {
        var (sqlite, dynamo) = both.Require();
        var a = JsonNode.Parse((await sqlite.GetJsonAsync("/v1/health")).GetRawText())!;
        var b = JsonNode.Parse((await dynamo.GetJsonAsync("/v1/health")).GetRawText())!;

        Assert.Equal("sqlite", (string?)a["store"]!["kind"]);
        Assert.Equal("dynamodb", (string?)b["store"]!["kind"]);
        a["store"]!["kind"] = "x";
        b["store"]!["kind"] = "x";
        Assert.Equal(a.ToJsonString(), b.ToJsonString());
    }

}
