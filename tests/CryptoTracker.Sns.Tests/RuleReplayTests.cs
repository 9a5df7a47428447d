using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CryptoTracker.Sns.Tests;

/// <summary>
/// The alert rules on real data: four days of Binance.US minutes around the March 2023 USDC de-peg. The market-implied
/// USDC price is derived here (BTC/USD ÷ BTC/USDC); it falls below 0.95 on 11 March and comes back. A Below rule on it, a
/// ChangePercent rule on BTC/USDC and the spike rule must raise exactly the alerts computed independently below (decimal
/// arithmetic on the files' text), on either store, each published to SNS exactly once, with its rule and kind, and each
/// rule alert delivered exactly once to a webhook receiver that asked for the two rules only.
/// </summary>
public sealed class RuleReplayTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTimeOffset From = new(2023, 3, 10, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2023, 3, 14, 0, 0, 0, TimeSpan.Zero);
    private const string BtcUsdc = "minute/binanceus_2023-03/BTCUSDC_1m_20230301_20230321.csv";
    private const decimal UsdcLevel = 0.95m;
    private const decimal MovePercent = 5m;
    private const int MoveWindow = 60, Cooldown = 60;

    private readonly string _replay = Path.Combine(Path.GetTempPath(), $"ct-rules-{Guid.NewGuid():N}.csv");
    private FakeSns _sns = null!;
    private LoopbackReceiver _hook = null!;
    private DynaliteProcess? _dynalite;

    public async ValueTask InitializeAsync()
    {
        _sns = await FakeSns.StartAsync();
        _hook = await LoopbackReceiver.OpenAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _sns.DisposeAsync();
        await _hook.DisposeAsync();
        _dynalite?.Dispose();
        File.Delete(_replay);
    }

    private sealed record Series(string Metric, List<(DateTimeOffset T, decimal V, string Text)> Points);

    [RealDataTheory]
    [InlineData("sqlite")]
    [InlineData("dynamodb")]
    public async Task DePegReplay_BelowAndChangeRules_RaiseExactlyTheIndependentlyComputedAlerts_PublishedOnceEach(string store)
    {
        var data = RealData.Folder()!;
        var usd = RealData.ReadKlines(Path.Combine(data, RealData.BtcUsd), From, To);
        var usdc = RealData.ReadKlines(Path.Combine(data, BtcUsdc), From, To);
        Assert.Equal(usd.Select(r => r.T), usdc.Select(r => r.T)); // both files have every minute

        // price:usdcusd = BTC/USD ÷ BTC/USDC, written with 12 decimals; the tracker and this test read the same text.
        var implied = usd.Zip(usdc, (a, b) =>
        {
            var text = Math.Round(decimal.Parse(a.CloseText, CultureInfo.InvariantCulture) / decimal.Parse(b.CloseText, CultureInfo.InvariantCulture), 12)
                .ToString("0.############", CultureInfo.InvariantCulture);
            return (a.T, V: decimal.Parse(text, CultureInfo.InvariantCulture), Text: text);
        }).ToList();
        File.WriteAllLines(_replay, usd.Select((r, i) =>
        {
            var t = r.T.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            return $"{t},btcusd,{r.CloseText},{r.VolumeText}\n{t},btcusdc,{usdc[i].CloseText},{usdc[i].VolumeText}\n{t},usdcusd,{implied[i].Text},";
        }).Prepend("time,symbol,price,volume"));

        var usdcSeries = implied.Select(p => (p.T, p.V)).ToList();
        var btcUsdcSeries = usdc.Select(r => (r.T, V: decimal.Parse(r.CloseText, CultureInfo.InvariantCulture))).ToList();
        // Independent: the rules' text applied minute by minute.
        var below = Edges(usdcSeries, (i, v) => v < UsdcLevel);
        var change = Edges(btcUsdcSeries, (i, v) =>
        {
            var reference = btcUsdcSeries.Take(i).LastOrDefault(p => p.T <= btcUsdcSeries[i].T.AddMinutes(-MoveWindow));
            return reference.T != default && reference.V > 0 && Math.Abs(v / reference.V - 1) * 100 >= MovePercent;
        });
        Assert.True(below.Count >= 2, "USDC went below 0.95 and came back more than once");
        Assert.True(usdcSeries.Last().V > UsdcLevel, "and ended above it");
        Assert.NotEmpty(change);
        var expected = below.Select(t => ("price:usdcusd", t, "usdc-below-95c", "below"))
            .Concat(change.Select(t => ("price:btcusdc", t, "btcusdc-move-5pct", "change")))
            .Concat(Spikes("volume:btcusd", usd.Select(r => (r.T, r.Volume))))
            .Concat(Spikes("price:btcusd", usd.Select(r => (r.T, r.Close))))
            .Concat(Spikes("volume:btcusdc", usdc.Select(r => (r.T, r.Volume))))
            .Concat(Spikes("price:btcusdc", usdc.Select(r => (r.T, r.Close))))
            .Concat(Spikes("price:usdcusd", implied.Select(p => (p.T, (double)p.V))))
            .Order().ToList();

        (string, string?)[] settings =
        [
            ("Tracker:Alerts:Rules:0:Name", "usdc-below-95c"), ("Tracker:Alerts:Rules:0:Metric", "price:usdcusd"),
            ("Tracker:Alerts:Rules:0:Below", "0.95"),
            ("Tracker:Alerts:Rules:1:Name", "btcusdc-move-5pct"), ("Tracker:Alerts:Rules:1:Metric", "price:btcusdc"),
            ("Tracker:Alerts:Rules:1:ChangePercent", "5"),
            // A webhook for the two rules only (no spikes), signed.
            ("Tracker:Alerts:Receivers:0:Name", "hook"), ("Tracker:Alerts:Receivers:0:Type", "webhook"),
            ("Tracker:Alerts:Receivers:0:Url", _hook.Url.ToString()), ("Tracker:Alerts:Receivers:0:Secret", "s3cret"),
            ("Tracker:Alerts:Receivers:0:Rules:0", "usdc-below-95c"), ("Tracker:Alerts:Receivers:0:Rules:1", "btcusdc-move-5pct"),
        ];
        if (store == "dynamodb")
        {
            _dynalite = await DynaliteProcess.StartAsync(SharedData.RepoRoot);
            settings = [.. settings, ("Tracker:Store", "dynamodb"), ("Tracker:DynamoDb:ServiceUrl", _dynalite.ServiceUrl), ("Tracker:DynamoDb:Table", "tracker-rules")];
        }
        // SNS fails the first publishes, the webhook the first delivery: retried, never lost, never doubled.
        _sns.FailNext("Publish", SnsFault.Internal, SnsFault.Throttled);
        _hook.Answer(503);

        using var app = TrackerApp.Replay(_replay, _sns, settings);
        using var http = app.CreateClient();
        var health = await app.WaitForReplayAsync(http, publishing: true, TimeSpan.FromMinutes(4));
        await WaitForReceiverAsync(http, TimeSpan.FromMinutes(2));

        using var alertsDoc = JsonDocument.Parse(await http.GetStringAsync("/v1/alerts?since=2023-03-01T00:00:00Z"));
        var alerts = alertsDoc.RootElement.GetProperty("alerts").EnumerateArray().Select(a => (
            Metric: a.GetProperty("metric").GetString()!, T: a.GetProperty("t").GetDateTimeOffset(),
            Rule: a.GetProperty("rule").GetString()!, Kind: a.GetProperty("kind").GetString()!, Id: a.GetProperty("id").GetString()!,
            Value: a.GetProperty("value").GetDouble(), Threshold: a.GetProperty("threshold").GetDouble())).ToList();
        Assert.Equal(expected, alerts.Select(a => (a.Metric, a.T, a.Rule, a.Kind)).Order().ToList());
        foreach (var a in alerts.Where(a => a.Rule == "usdc-below-95c"))
            Assert.Equal(((double)implied.Single(p => p.T == a.T).V, 0.95), (a.Value, a.Threshold));
        Assert.All(alerts.Where(a => a.Kind == "change"), a => Assert.Equal(5, a.Threshold));
        Assert.All(alerts.Where(a => a.Kind == "spike"), a => Assert.Equal(3, a.Threshold));

        // SNS: one accepted publish per alert, with the rule and kind as message attributes.
        var published = _sns.Accepted("Publish");
        Assert.Equal(alerts.Select(a => a.Id).Order(StringComparer.Ordinal),
            published.Select(p => p["Message"]!.Split('\n')[^1].Replace("Alert id: ", "")).Order(StringComparer.Ordinal));
        Assert.Equal(alerts.Select(a => $"{a.Metric} {a.Rule} {a.Kind}").Order(StringComparer.Ordinal),
            published.Select(p => p.MessageAttributes()).Select(m => $"{m["metric"].Value} {m["rule"].Value} {m["kind"].Value}").Order(StringComparer.Ordinal));
        Assert.Equal(published.Count, health.GetProperty("publisher").GetProperty("published").GetInt64());

        // The webhook: each rule alert once after the one refused attempt, signed, with its rule, kind and threshold.
        var ruleIds = alerts.Where(a => a.Kind != "spike").Select(a => a.Id).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(below.Count + change.Count, ruleIds.Count);
        var hooks = _hook.Requests;
        Assert.Equal(ruleIds.Count + 1, hooks.Count);
        Assert.Equal(hooks[0].Header("X-CryptoTracker-Alert-Id"), hooks[1].Header("X-CryptoTracker-Alert-Id")); // the refused one, again
        Assert.Equal(ruleIds, hooks.Skip(1).Select(h => h.Header("X-CryptoTracker-Alert-Id")!).Order(StringComparer.Ordinal));
        foreach (var h in hooks)
        {
            Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cret"), h.Body)), h.Header("X-CryptoTracker-Signature"));
            using var body = JsonDocument.Parse(h.Body);
            var alert = alerts.Single(a => a.Id == body.RootElement.GetProperty("id").GetString());
            Assert.Equal((alert.Rule, alert.Kind, alert.Threshold, alert.Value),
                (body.RootElement.GetProperty("rule").GetString(), body.RootElement.GetProperty("kind").GetString(),
                 body.RootElement.GetProperty("threshold").GetDouble(), body.RootElement.GetProperty("value").GetDouble()));
        }

        // GET /v1/rules: each rule's last alert, and whether its condition held at the last minute.
        using var rulesDoc = JsonDocument.Parse(await http.GetStringAsync("/v1/rules"));
        var rules = rulesDoc.RootElement.GetProperty("rules").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal(below[^1], rules["usdc-below-95c"].GetProperty("lastFired").GetDateTimeOffset());
        Assert.Equal("armed", rules["usdc-below-95c"].GetProperty("state").GetString());
        Assert.Equal(change[^1], rules["btcusdc-move-5pct"].GetProperty("lastFired").GetDateTimeOffset());
        var lastHolds = Math.Abs(btcUsdcSeries[^1].Item2 / btcUsdcSeries[^(MoveWindow + 1)].Item2 - 1) * 100 >= MovePercent;
        Assert.Equal(lastHolds ? "holding" : "armed", rules["btcusdc-move-5pct"].GetProperty("state").GetString());
        Assert.Equal(60, rules["btcusdc-move-5pct"].GetProperty("window").GetInt32());

        output.WriteLine($"{store}: {usd.Count} minutes × 3 symbols; {below.Count} below, {change.Count} change, " +
                         $"{alerts.Count(a => a.Kind == "spike")} spike alerts; {published.Count} publishes accepted of {_sns.Calls.Count} calls.");
        output.WriteLine("below at " + string.Join(", ", below.Select(t => t.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture))));
        output.WriteLine("change at " + string.Join(", ", change.Select(t => t.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture))));
    }

    /// <summary>Polls /v1/health until the receiver has nothing pending and its last delivery succeeded.</summary>
    private static async Task WaitForReceiverAsync(HttpClient http, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (true)
        {
            using var health = JsonDocument.Parse(await http.GetStringAsync("/v1/health"));
            var receiver = health.RootElement.GetProperty("receivers")[0];
            if (receiver.GetProperty("pending").GetInt32() == 0 && receiver.GetProperty("status").GetString() == "ok") return;
            if (DateTime.UtcNow > until) throw new TimeoutException($"Webhook not drained within {limit}: {health.RootElement}");
            await Task.Delay(200);
        }
    }

    /// <summary>Edge triggering with cooldown, from the rule's text: fires when the condition holds, did not hold at the previous point, and no alert in the last 60 min.</summary>
    private static List<DateTimeOffset> Edges(List<(DateTimeOffset T, decimal V)> series, Func<int, decimal, bool> holds)
    {
        var alerts = new List<DateTimeOffset>();
        var previous = false;
        for (var i = 0; i < series.Count; i++)
        {
            var now = holds(i, series[i].V);
            if (now && !previous && (alerts.Count == 0 || alerts[^1] <= series[i].T.AddMinutes(-Cooldown))) alerts.Add(series[i].T);
            previous = now;
        }
        return alerts;
    }

    private static IEnumerable<(string, DateTimeOffset, string, string)> Spikes(string metric, IEnumerable<(DateTimeOffset T, double V)> series) =>
        RealData.ExpectedSpikes(series.ToList()).Select(t => (metric, t, "spike", "spike"));
}
