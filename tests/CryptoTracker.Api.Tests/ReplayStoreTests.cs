using System.Text.Json;

namespace CryptoTracker.Api.Tests;

/// <summary>
/// A replay never serves another file's data, and relative paths resolve against the directory the tracker is started in.
/// Each test works in a directory of its own and starts the tracker there several times.
/// </summary>
public sealed class ReplayStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("replay-store-").FullName;

    // 10:00–10:02, btcusd 100, 110, 120 (mean 110).
    private const string March = """
        time,symbol,price
        2026-01-05T10:00:00Z,btcusd,100
        2026-01-05T10:01:00Z,btcusd,110
        2026-01-05T10:02:00Z,btcusd,120
        """;

    // The same minutes with corrected prices 200, 210, 220 (mean 210).
    private const string Corrected = """
        time,symbol,price
        2026-01-05T10:00:00Z,btcusd,200
        2026-01-05T10:01:00Z,btcusd,210
        2026-01-05T10:02:00Z,btcusd,220
        """;

    // An earlier, shorter period: 09:00–09:01, btcusd 50, 70 (mean 60).
    private const string Earlier = """
        time,symbol,price
        2026-01-05T09:00:00Z,btcusd,50
        2026-01-05T09:01:00Z,btcusd,70
        """;

    [Fact]
    public async Task SecondFile_UnderTheSameName_IsReplayedIntoItsOwnStore_AndServesOnlyItsOwnData()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "march.csv"), March);
        Assert.Equal(110, await ReplayMeanAsync("march.csv"));

        await File.WriteAllTextAsync(Path.Combine(_dir, "march.csv"), Corrected);
        Assert.Equal(210, await ReplayMeanAsync("march.csv"));

        // A file that ends before the first one's data: served in full, not an empty list over the older store.
        await File.WriteAllTextAsync(Path.Combine(_dir, "earlier.csv"), Earlier);
        Assert.Equal(60, await ReplayMeanAsync("earlier.csv"));

        // Three files, three stores under data/ of the working directory.
        Assert.Equal(3, Directory.GetFiles(Path.Combine(_dir, "data"), "replay-*.db").Length);
    }

    [Fact]
    public async Task SameFileAgain_ServesTheSameAnswers()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "march.csv"), March);
        Assert.Equal(110, await ReplayMeanAsync("march.csv"));
        Assert.Equal(110, await ReplayMeanAsync("march.csv"));
        Assert.Single(Directory.GetFiles(Path.Combine(_dir, "data"), "replay-*.db"));
    }

    [Fact]
    public async Task ChosenStore_HoldingLaterData_StopsStartupWithAClearMessage()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "march.csv"), March);
        await File.WriteAllTextAsync(Path.Combine(_dir, "earlier.csv"), Earlier);
        Assert.Equal(110, await ReplayMeanAsync("march.csv", "--Tracker:Sqlite:Path=mine.db"));

        var (exit, output) = await TrackerProcess.RunToExitInAsync(_dir,
            ["--Tracker:Source=replay", "--Tracker:Replay:File=earlier.csv", "--Tracker:Sqlite:Path=mine.db", "--urls", "http://127.0.0.1:0"]);

        Assert.Equal(2, exit);
        Assert.Contains("already holds data up to 2026-01-05 10:02:00Z, later than the end of the replay file (2026-01-05 09:01:00Z)", output);
        Assert.DoesNotContain("   at ", output); // no stack trace
    }

    [Fact]
    public async Task ChosenStore_HoldingDataOfTheFilesPeriod_WarnsThatThoseRowsAreSkipped()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "march.csv"), March);
        await File.WriteAllTextAsync(Path.Combine(_dir, "corrected.csv"), Corrected);
        Assert.Equal(110, await ReplayMeanAsync("march.csv", "--Tracker:Sqlite:Path=mine.db"));

        await using var app = await TrackerProcess.StartInAsync(_dir, "--Tracker:Source=replay", "--Tracker:Replay:File=corrected.csv", "--Tracker:Sqlite:Path=mine.db");
        await app.WaitForReplayAsync();

        Assert.Contains("already holds data up to 2026-01-05 10:02:00Z: the replay keeps it and skips the file's rows up to that minute", app.Output);
    }

    [Fact]
    public async Task RelativePaths_ResolveAgainstTheWorkingDirectory()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "in"));
        await File.WriteAllTextAsync(Path.Combine(_dir, "in", "march.csv"), March);

        Assert.Equal(110, await ReplayMeanAsync(Path.Combine("in", "march.csv"), "--Tracker:Sqlite:Path=out/tracker.db"));

        Assert.True(File.Exists(Path.Combine(_dir, "out", "tracker.db")));
        var (exit, output) = await TrackerProcess.RunToExitInAsync(_dir, ["--Tracker:Source=replay", "--Tracker:Replay:File=in/missing.csv"]);
        Assert.Equal(2, exit);
        Assert.Contains($"no file at '{Path.Combine(_dir, "in", "missing.csv")}'", output);
    }

    [Fact]
    public async Task Health_InReplay_NamesTheSourceAndWhenItLastReadARow()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "march.csv"), March);
        await using var app = await TrackerProcess.StartInAsync(_dir, "--Tracker:Source=replay", "--Tracker:Replay:File=march.csv");
        var health = await app.WaitForReplayAsync();

        Assert.Equal("replay", health.GetProperty("source").GetProperty("name").GetString());
        Assert.Equal("2026-01-05T10:02:00Z", health.GetProperty("source").GetProperty("lastSuccess").GetString());
        var source = Assert.Single(health.GetProperty("sources").EnumerateArray());
        Assert.Equal("ok", source.GetProperty("status").GetString());
        Assert.Equal("2026-01-05T10:02:00Z", source.GetProperty("lastSuccess").GetString());
    }

    private async Task<double> ReplayMeanAsync(string file, params string[] extra)
    {
        await using var app = await TrackerProcess.StartInAsync(_dir, ["--Tracker:Source=replay", $"--Tracker:Replay:File={file}", .. extra]);
        await app.WaitForReplayAsync();
        var detail = await app.GetJsonAsync("/v1/metrics/price/btcusd");
        return detail.GetProperty("stats").GetProperty("mean").GetDouble();
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
