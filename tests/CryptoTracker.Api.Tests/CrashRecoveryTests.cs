
namespace CryptoTracker.Api.Tests;

/// <summary>
/// The process is killed (SIGKILL) in the middle of a real-data replay, then started again on the same SQLite file and the
/// same input: the final answers are exactly those of an uninterrupted run — nothing committed was lost, and the repeated
/// minutes produced neither duplicate points nor duplicate alerts.
/// </summary>
public sealed class CrashRecoveryTests(RealDataReplay uninterrupted) : IClassFixture<RealDataReplay>
{
    [Fact]
    public async Task KilledMidReplay_ThenRestarted_AnswersExactlyAsAnUninterruptedRun()
    {
        var reference = uninterrupted.Require();
        var csv = ReplayFiles.Write(Path.GetTempPath(), uninterrupted.Rows);
        var db = Path.Combine(Path.GetTempPath(), $"crash-{Guid.NewGuid():N}.db");
        string[] args = ["--Tracker:Source=replay", $"--Tracker:Replay:File={csv}", $"--Tracker:Sqlite:Path={db}"];

        // The first run commits minute by minute (a finite speed), so that it can be killed between two commits; the
        // restart replays at full speed in large batches — how the input is batched must not change any answer either.
        DateTime? lastTickAtKill = null;
        await using (var first = await TrackerProcess.StartAsync([.. args, "--Tracker:Replay:Speed=200000"]))
        {
            // Kill as soon as something was committed, while the replay is still running.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                var health = await first.GetJsonAsync("/v1/health");
                if (health.GetProperty("replayFinished").GetBoolean()) break;
                if (health.GetProperty("lastTick").ValueKind != System.Text.Json.JsonValueKind.Null)
                {
                    lastTickAtKill = health.GetProperty("lastTick").GetDateTime();
                    await first.StopAsync(); // Process.Kill: SIGKILL, no graceful shutdown
                    break;
                }
            }
        }
        if (lastTickAtKill is null) Assert.Fail("The replay finished before it could be killed; the test needs a longer input.");
        Assert.True(lastTickAtKill < RealDataReplay.To.AddMinutes(-1), "killed before the end of the file");

        await using var second = await TrackerProcess.StartAsync([.. args, "--Tracker:Replay:Speed=max"]);
        await second.WaitForReplayAsync();

        ApiSnapshot.AssertSame(await ApiSnapshot.TakeAsync(reference), await ApiSnapshot.TakeAsync(second));
    }
}
