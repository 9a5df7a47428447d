using System.Text;
using System.Text.Json;

namespace CryptoTracker.Api.Tests;

/// <summary>GET /v1/rules from the collecting process and from a read-only api process on the same store, and rule validation at start-up.</summary>
public sealed class RulesApiTests
{
    private static readonly string[] Rules =
    [
        "--Tracker:Alerts:Rules:0:Name=aaa-below-95", "--Tracker:Alerts:Rules:0:Metric=price:aaa", "--Tracker:Alerts:Rules:0:Below=95",
        "--Tracker:Alerts:Rules:1:Name=aaa-move-5", "--Tracker:Alerts:Rules:1:Metric=price:aaa", "--Tracker:Alerts:Rules:1:ChangePercent=5",
        "--Tracker:Alerts:Rules:2:Name=bbb-above", "--Tracker:Alerts:Rules:2:Metric=price:bbb", "--Tracker:Alerts:Rules:2:Above=1000",
    ];

    [Fact]
    public async Task Rules_FromTheCollectorAndFromARestartedReadOnlyProcess_ShowTheSameState()
    {
        // aaa: 100 at minutes 0..59, then 90 at 60..70. At 60: 90 < 95 (below holds, first time: fires) and 90 vs 100 at
        // minute 0 is −10 % (change holds, fires). Both still hold at 70 (90 vs 100 at minute 10). bbb never reaches 1000.
        var start = new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
        var csv = new StringBuilder("time,symbol,price\n");
        for (var m = 0; m <= 70; m++)
            csv.Append($"{start.AddMinutes(m):yyyy-MM-dd'T'HH:mm:ss'Z'},aaa,{(m < 60 ? 100 : 90)}\n{start.AddMinutes(m):yyyy-MM-dd'T'HH:mm:ss'Z'},bbb,500\n");
        var file = Path.Combine(Path.GetTempPath(), $"rules-{Guid.NewGuid():N}.csv");
        var db = Path.Combine(Path.GetTempPath(), $"rules-{Guid.NewGuid():N}.db");
        await File.WriteAllTextAsync(file, csv.ToString());
        string[] replay = ["--Tracker:Source=replay", $"--Tracker:Replay:File={file}", $"--Tracker:Sqlite:Path={db}", .. Rules];
        try
        {
            string collecting;
            JsonElement alertList;
            await using (var all = await TrackerProcess.StartAsync(replay))
            {
                await all.WaitForReplayAsync();
                collecting = (await all.GetJsonAsync("/v1/rules")).GetRawText();
                alertList = (await all.GetJsonAsync("/v1/alerts")).Clone();
            }
            await using var api = await TrackerProcess.StartAsync([.. replay, "--Tracker:Role=api"]);
            var readOnly = await api.GetJsonAsync("/v1/rules");

            Assert.Equal(collecting, readOnly.GetRawText());
            var rules = readOnly.GetProperty("rules").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
            Assert.Equal(["aaa-below-95", "aaa-move-5", "bbb-above"], rules.Keys);
            var fired = start.AddMinutes(60);
            Assert.Equal(("holding", fired), (rules["aaa-below-95"].GetProperty("state").GetString(), rules["aaa-below-95"].GetProperty("lastFired").GetDateTimeOffset()));
            Assert.Equal(("holding", fired), (rules["aaa-move-5"].GetProperty("state").GetString(), rules["aaa-move-5"].GetProperty("lastFired").GetDateTimeOffset()));
            Assert.Equal(60, rules["aaa-move-5"].GetProperty("window").GetInt32());
            Assert.Equal(("armed", JsonValueKind.Null), (rules["bbb-above"].GetProperty("state").GetString(), rules["bbb-above"].GetProperty("lastFired").ValueKind));
            Assert.Equal(JsonValueKind.Null, rules["bbb-above"].GetProperty("window").ValueKind);
            Assert.Equal(start.AddMinutes(70), rules["bbb-above"].GetProperty("lastEvaluated").GetDateTimeOffset());

            var alerts = alertList.GetProperty("alerts").EnumerateArray()
                .Select(a => (a.GetProperty("id").GetString(), a.GetProperty("rule").GetString(), a.GetProperty("kind").GetString(), a.GetProperty("threshold").GetDouble(), a.GetProperty("average").GetDouble()))
                .ToList();
            Assert.Equal([("price:aaa@20260105T1100Z~aaa-below-95", "aaa-below-95", "below", 95.0, 95.0), ("price:aaa@20260105T1100Z~aaa-move-5", "aaa-move-5", "change", 5.0, 100.0)], alerts);
        }
        finally
        {
            File.Delete(file);
            foreach (var f in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(db) + "*")) File.Delete(f);
        }
    }

    [Theory]
    [InlineData("--Tracker:Alerts:Rules:0:Name=BTC --Tracker:Alerts:Rules:0:Metric=price:btcusd --Tracker:Alerts:Rules:0:Below=1", "Tracker:Alerts:Rules:0:Name")]
    [InlineData("--Tracker:Alerts:Rules:0:Name=b --Tracker:Alerts:Rules:0:Metric=btcusd --Tracker:Alerts:Rules:0:Below=1", "Tracker:Alerts:Rules:0:Metric")]
    [InlineData("--Tracker:Alerts:Rules:0:Name=b --Tracker:Alerts:Rules:0:Metric=price:btcusd --Tracker:Alerts:Rules:0:Below=1 --Tracker:Alerts:Rules:0:Above=2", "Tracker:Alerts:Rules:0 must set exactly one")]
    [InlineData("--Tracker:Alerts:Rules:0:Name=b --Tracker:Alerts:Rules:0:Metric=price:btcusd --Tracker:Alerts:Rules:0:SpreadPercent=0", "Tracker:Alerts:Rules:0:SpreadPercent")]
    [InlineData("--Tracker:Alerts:Rules:0:Name=b --Tracker:Alerts:Rules:0:Metric=price:btcusd --Tracker:Alerts:Rules:0:ChangePercent=-1", "Tracker:Alerts:Rules:0:ChangePercent")]
    public async Task InvalidRule_StopsStartupWithAMessageNamingTheKey(string args, string key)
    {
        var (exitCode, output) = await TrackerProcess.RunToExitAsync([.. args.Split(' '), "--urls", "http://127.0.0.1:0"]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(key, output);
        Assert.DoesNotContain("   at ", output);
    }
}
