using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using CryptoTracker.Sqlite;
using CryptoTracker.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CryptoTracker.Receivers.Tests;

/// <summary>
/// Each receiver through its outbox channel: a real SQLite store, the real adapters, real local servers on loopback, and the
/// dispatcher's clock a <see cref="FakeTimeProvider"/>. Expected bodies, signatures and texts are written out by hand.
/// </summary>
public sealed class ReceiverDeliveryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2023, 3, 10, 15, 0, 0, TimeSpan.Zero);
    private static readonly Uri PublicUrl = new("https://tracker.example.com");
    private static readonly CancellationToken Ct = CancellationToken.None;

    // volume:btcusd at 14:55: 12.5 against an hour mean of 2.5, ratio 5.
    private static readonly Alert Spike = TestAlerts.Spike(new MetricId("volume", "btcusd"), Now.AddMinutes(-5), 12.5, 2.5);

    // Operator rules' alerts, as the rule book raises them: price:usdcusd at 14:56 is 0.9312, below the level 0.95 (rule
    // usdc-low); price:btcusd at 14:57 is 19000 against 20000 an hour earlier, -5 % (rule btc-move, limit 5 %).
    private static readonly MetricId Usdc = new("price", "usdcusd"), Btc = new("price", "btcusd");
    private static readonly Alert Below = new(TestAlerts.Id(Usdc, Now.AddMinutes(-4), "usdc-low"), Usdc, Now.AddMinutes(-4), 0.9312, 0.95, 0.9312 / 0.95)
    { Rule = "usdc-low", Kind = "below", Threshold = 0.95 };
    private static readonly Alert Change = new(TestAlerts.Id(Btc, Now.AddMinutes(-3), "btc-move"), Btc, Now.AddMinutes(-3), 19000, 20000, 19000.0 / 20000)
    { Rule = "btc-move", Kind = "change", Threshold = 5 };

    private readonly string _db = Path.Combine(Path.GetTempPath(), $"ct-receivers-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly HttpClient _http = new();
    private SqliteMetricStore _store = null!;
    private LoopbackReceiver _receiver = null!;

    public async ValueTask InitializeAsync()
    {
        _receiver = await LoopbackReceiver.OpenAsync();
        _store = new SqliteMetricStore(_db);
        await _store.InitializeAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _receiver.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in Directory.GetFiles(Path.GetDirectoryName(_db)!, Path.GetFileName(_db) + "*")) File.Delete(f);
    }

    private Task StoreAsync(params Alert[] alerts) =>
        _store.CommitAsync(new TickCommit([], alerts, [], new CollectorStatus(Now, Now, 0, new SourceStatus("test", Now, null, null, 0, 0), null),
            Now.AddDays(-1), Now.AddDays(-7)), Ct);

    private ReceiverOptions Options(string type, Action<ReceiverOptions>? configure = null)
    {
        var o = new ReceiverOptions { Name = "test", Type = type, Url = _receiver.Url.ToString(), Timeout = TimeSpan.FromSeconds(10) };
        configure?.Invoke(o);
        return o;
    }

    private AlertDispatcher Dispatcher(ReceiverOptions o, int attempts = 1) => new(
        _store, Receivers.Create(o, _http, PublicUrl, _clock), _clock, Alert.DefaultRetention,
        new AlertDispatcherOptions { Attempts = attempts, RetryDelay = TimeSpan.Zero }.With(o.MaxAge),
        AlertChannels.Receiver(o.Name!), new AlertFilter(o.Metrics, o.MinRatio, o.Rules));

    [Fact]
    public async Task Webhook_PostsTheAlertAsJson_WithItsIdHeader_AndAnHmacOfTheExactBody()
    {
        await StoreAsync(Spike);
        var report = await Dispatcher(Options("webhook", o => o.Secret = "s3cret")).DispatchAsync(Ct);

        Assert.Equal(new DispatchReport(1, 0, 0), report);
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/hook/t0ken-in-the-path", request.Path);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal("volume:btcusd@20230310T1455Z", request.Header("X-CryptoTracker-Alert-Id"));
        var expectedSignature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData("s3cret"u8.ToArray(), request.Body));
        Assert.Equal(expectedSignature, request.Header("X-CryptoTracker-Signature"));

        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal("volume:btcusd@20230310T1455Z", root.GetProperty("id").GetString());
        Assert.Equal("volume:btcusd", root.GetProperty("metric").GetString());
        Assert.Equal("volume", root.GetProperty("type").GetString());
        Assert.Equal("btcusd", root.GetProperty("symbol").GetString());
        Assert.Equal("2023-03-10T14:55:00Z", root.GetProperty("t").GetString());
        Assert.Equal(12.5, root.GetProperty("value").GetDouble());
        Assert.Equal(2.5, root.GetProperty("hourMean").GetDouble());
        Assert.Equal(5.0, root.GetProperty("ratio").GetDouble());
        Assert.Equal("spike", root.GetProperty("rule").GetString());
        Assert.Equal("spike", root.GetProperty("kind").GetString());
        Assert.Equal(2.5, root.GetProperty("reference").GetDouble()); // every alert has it; a spike's is also its hourMean
        Assert.Equal("https://tracker.example.com/metric/volume/btcusd", root.GetProperty("link").GetString());
    }

    [Fact]
    public async Task Webhook_ForARuleAlert_CarriesRuleKindThresholdAndReference_InsteadOfAnHourMean()
    {
        await StoreAsync(Below);
        await Dispatcher(Options("webhook")).DispatchAsync(Ct);

        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("price:usdcusd@20230310T1456Z~usdc-low", request.Header("X-CryptoTracker-Alert-Id"));
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal("price:usdcusd@20230310T1456Z~usdc-low", root.GetProperty("id").GetString());
        Assert.Equal("price:usdcusd", root.GetProperty("metric").GetString());
        Assert.Equal(0.9312, root.GetProperty("value").GetDouble());
        Assert.Equal("usdc-low", root.GetProperty("rule").GetString());
        Assert.Equal("below", root.GetProperty("kind").GetString());
        Assert.Equal(0.95, root.GetProperty("threshold").GetDouble());
        Assert.Equal(0.95, root.GetProperty("reference").GetDouble());
        Assert.Equal(0.9312 / 0.95, root.GetProperty("ratio").GetDouble());
        Assert.False(root.TryGetProperty("hourMean", out _));
    }

    [Fact]
    public async Task Rules_AReceiverGetsOnlyTheRulesItNames_AndMinRatioHoldsBackSpikesOnly()
    {
        await StoreAsync(Spike, Below, Change);
        // spike and usdc-low asked for; the spike's ratio 5 is under MinRatio 6; usdc-low's ratio (0.98) is not a spike ratio.
        var dispatcher = Dispatcher(Options("webhook", o => { o.Rules = ["usdc-low", "spike"]; o.MinRatio = 6; }));

        var report = await dispatcher.DispatchAsync(Ct);

        Assert.Equal(new DispatchReport(1, 0, 0), report);
        Assert.Equal(["price:usdcusd@20230310T1456Z~usdc-low"], _receiver.Requests.Select(r => r.Header("X-CryptoTracker-Alert-Id")));
    }

    [Fact]
    public async Task RuleAlerts_SayWhatHeld_InSlackDiscordNtfyAndEmail()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await StoreAsync(Below, Change);
        foreach (var type in new[] { "slack", "discord", "ntfy" })
            await Dispatcher(Options(type, o => { o.Name = type; o.Rules = ["usdc-low"]; })).DispatchAsync(Ct);
        await Dispatcher(Options("ntfy", o => { o.Name = "ntfy-btc"; o.Rules = ["btc-move"]; })).DispatchAsync(Ct);
        await Dispatcher(Options("email", o =>
        {
            o.Name = "mail"; o.Rules = ["usdc-low"]; o.Host = "127.0.0.1"; o.Port = smtp.Port; o.StartTls = false;
            o.From = "tracker@example.com"; o.To = ["alice@example.com"];
        })).DispatchAsync(Ct);

        var (slack, discord, ntfy, ntfyBtc) = (_receiver.Requests[0], _receiver.Requests[1], _receiver.Requests[2], _receiver.Requests[3]);
        using (var json = JsonDocument.Parse(slack.Body))
        {
            Assert.Equal("CryptoTracker alert: price:usdcusd below 0.95, now 0.9312 [usdc-low]", json.RootElement.GetProperty("text").GetString());
            Assert.Equal("*price:usdcusd* below 0.95 (rule *usdc-low*)\nValue *0.9312*, level 0.95\n2023-03-10 14:56 UTC\n<https://tracker.example.com/metric/price/usdcusd|Open the chart>",
                json.RootElement.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString());
        }
        using (var json = JsonDocument.Parse(discord.Body))
        {
            Assert.Equal("CryptoTracker alert: price:usdcusd below 0.95, now 0.9312 [usdc-low]", json.RootElement.GetProperty("content").GetString());
            var embed = json.RootElement.GetProperty("embeds")[0];
            Assert.Equal("price:usdcusd below 0.95", embed.GetProperty("title").GetString());
            Assert.Equal("Rule usdc-low (below) at 2023-03-10 14:56 UTC.", embed.GetProperty("description").GetString());
            Assert.Equal([("Value", "0.9312"), ("Level", "0.95")],
                embed.GetProperty("fields").EnumerateArray().Select(f => (f.GetProperty("name").GetString(), f.GetProperty("value").GetString())));
        }
        Assert.Equal("price:usdcusd below 0.95", ntfy.Header("Title"));
        Assert.Equal("price of usdcusd: 0.9312, level 0.95 (rule usdc-low), at 2023-03-10 14:56 UTC", ntfy.Text);
        Assert.Equal("chart_with_downwards_trend,price", ntfy.Header("Tags"));
        // 19000 ÷ 20000 − 1 = −5 %.
        Assert.Equal("price:btcusd moved -5% (limit 5%)", ntfyBtc.Header("Title"));
        Assert.Equal("price of btcusd: 19000, earlier value 20000 (rule btc-move), at 2023-03-10 14:57 UTC", ntfyBtc.Text);
        Assert.Equal("chart_with_downwards_trend,price", ntfyBtc.Header("Tags"));

        var mail = Assert.Single(await smtp.WaitForMessagesAsync(1));
        Assert.Equal("CryptoTracker alert: price:usdcusd below 0.95 [usdc-low]", mail.Subject);
        Assert.Equal("""
            price of usdcusd below 0.95.

            Rule:              usdc-low (below)
            Metric:            price:usdcusd
            Value:             0.9312
            Level:             0.95
            Time:              2023-03-10T14:56:00Z
            Dashboard:         https://tracker.example.com/metric/price/usdcusd

            Alert id: price:usdcusd@20230310T1456Z~usdc-low
            """.ReplaceLineEndings("\n"), (mail.TextBody ?? "").ReplaceLineEndings("\n").TrimEnd('\n'));
    }

    [Fact]
    public async Task Webhook_WithoutASecret_SendsNoSignature_AndWithoutAPublicUrlNoLink()
    {
        await StoreAsync(Spike);
        var o = Options("webhook");
        var dispatcher = new AlertDispatcher(_store, Receivers.Create(o, _http, publicUrl: null, _clock), _clock, Alert.DefaultRetention,
            new AlertDispatcherOptions { Attempts = 1 }, AlertChannels.Receiver("test"));

        await dispatcher.DispatchAsync(Ct);

        var request = Assert.Single(_receiver.Requests);
        Assert.Null(request.Header("X-CryptoTracker-Signature"));
        using var json = JsonDocument.Parse(request.Body);
        Assert.False(json.RootElement.TryGetProperty("link", out _));
    }

    [Fact]
    public async Task Webhook_ThatFailsTwiceThenAccepts_GetsTheAlertOnceItAccepts_WithTheSameIdEachTime_AfterBackingOffOnTheClock()
    {
        await StoreAsync(Spike);
        _receiver.Answer(500, 503);
        var dispatcher = Dispatcher(Options("webhook"));

        Assert.Equal(new DispatchReport(0, 1, 1), await dispatcher.DispatchAsync(Ct)); // 500: retried at the next run
        Assert.Equal(new DispatchReport(0, 1, 1), await dispatcher.DispatchAsync(Ct)); // 503: second failure in a row
        Assert.Equal(2, dispatcher.Health.ConsecutiveFailures);
        Assert.Equal("volume:btcusd@20230310T1455Z: HttpError: HTTP 503", dispatcher.Health.LastError);

        // Backing off for Backoff (1 min) on the clock: a run before that sends nothing.
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(new DispatchReport(0, 0, 1), await dispatcher.DispatchAsync(Ct));
        Assert.Equal(2, _receiver.Requests.Count);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new DispatchReport(1, 0, 0), await dispatcher.DispatchAsync(Ct));
        Assert.Equal(new DispatchReport(0, 0, 0), await dispatcher.DispatchAsync(Ct));

        var requests = _receiver.Requests;
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal("volume:btcusd@20230310T1455Z", r.Header("X-CryptoTracker-Alert-Id")));
        Assert.All(requests, r => Assert.Equal(requests[0].Body, r.Body));
        Assert.Equal(0, dispatcher.Health.ConsecutiveFailures);
        Assert.Equal(1, dispatcher.Health.Published);
        Assert.Empty(await _store.GetUndeliveredAlertsAsync("receiver:test", Now.AddDays(-7), Ct));
    }

    [Fact]
    public async Task Webhook_ThatAnswers400_IsNotRetried_TheOthersStillGo_AndTheRefusalIsReportedWithoutTheUrl()
    {
        var second = TestAlerts.Spike(new MetricId("price", "ethusd"), Now.AddMinutes(-2), 2000, 600);
        await StoreAsync(Spike, second);
        _receiver.Answer(400);
        var dispatcher = Dispatcher(Options("webhook"), attempts: 3);

        var report = await dispatcher.DispatchAsync(Ct);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var next = await dispatcher.DispatchAsync(Ct);

        Assert.Equal(new DispatchReport(1, 1, 0), report);
        Assert.Equal(new DispatchReport(0, 0, 0), next);
        Assert.Equal(["volume:btcusd@20230310T1455Z", "price:ethusd@20230310T1458Z"], _receiver.Requests.Select(r => r.Header("X-CryptoTracker-Alert-Id")));
        Assert.Equal("volume:btcusd@20230310T1455Z refused: HttpError: HTTP 400", dispatcher.Health.LastError);
        Assert.DoesNotContain("t0ken", dispatcher.Health.LastError);
    }

    [Fact]
    public async Task AHungAndADeadReceiver_NeitherBlockTheOthers_AndReportOnlyWhatKindOfFailure()
    {
        var alerts = new[]
        {
            Spike,
            TestAlerts.Spike(new MetricId("price", "ethusd"), Now.AddMinutes(-3), 2000, 600),
            TestAlerts.Spike(new MetricId("volume", "ethusd"), Now.AddMinutes(-1), 90, 10),
        };
        await StoreAsync(alerts);
        await using var hung = await LoopbackReceiver.OpenAsync();
        hung.Answer(0);
        var closedPort = new Uri($"http://127.0.0.1:{ClosedPort()}/hook/t0ken");
        var working = Dispatcher(Options("webhook", o => o.Name = "working"));
        var hanging = Dispatcher(Options("webhook", o => { o.Name = "hung"; o.Url = hung.Url.ToString(); o.Timeout = TimeSpan.FromSeconds(1); }));
        var dead = Dispatcher(Options("webhook", o => { o.Name = "dead"; o.Url = closedPort.ToString(); }));

        var run = new AlertDelivery([hanging, dead, working]).DispatchAsync(ignoreBackoff: false, Ct);
        await hung.WaitForAsync(1);
        _clock.Advance(TimeSpan.FromSeconds(1)); // the hung receiver's timeout, on the dispatcher's clock: no real waiting
        var results = await run.WaitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(new DispatchReport(3, 0, 0), results.Single(r => r.Channel == working).Report);
        Assert.Equal(3, _receiver.Requests.Count);
        Assert.Equal(new DispatchReport(0, 1, 3), results.Single(r => r.Channel == hanging).Report);
        Assert.Equal(new DispatchReport(0, 1, 3), results.Single(r => r.Channel == dead).Report);
        Assert.Equal("volume:btcusd@20230310T1455Z: Timeout: no answer within 1 s", hanging.Health.LastError);
        Assert.Equal("volume:btcusd@20230310T1455Z: NetworkError: connection failed", dead.Health.LastError);
        Assert.Single(hung.Requests); // the run stops at the first alert; the others wait in order
    }

    [Fact]
    public async Task Filter_SendsOnlyTheMetricsAskedFor_AtOrAboveMinRatio()
    {
        await StoreAsync(
            Spike, // volume, ratio 5: sent
            TestAlerts.Spike(new MetricId("volume", "ethusd"), Now.AddMinutes(-4), 7, 2), // volume, ratio 3.5: below MinRatio
            TestAlerts.Spike(new MetricId("price", "btcusd"), Now.AddMinutes(-3), 100, 10), // ratio 10 but price
            TestAlerts.Spike(new MetricId("volume", "solusd"), Now.AddMinutes(-2), 8, 2)); // volume, ratio 4: exactly MinRatio, sent
        var dispatcher = Dispatcher(Options("webhook", o => { o.Metrics = ["volume:*"]; o.MinRatio = 4; }));

        var report = await dispatcher.DispatchAsync(Ct);

        Assert.Equal(new DispatchReport(2, 0, 0), report);
        Assert.Equal(["volume:btcusd@20230310T1455Z", "volume:solusd@20230310T1458Z"], _receiver.Requests.Select(r => r.Header("X-CryptoTracker-Alert-Id")));
    }

    [Fact]
    public async Task MaxAge_AChannelStartingWithABacklog_GetsOnlyTheAlertsYoungerThanMaxAge_ThenEverythingNew()
    {
        await StoreAsync(
            TestAlerts.Spike(new MetricId("volume", "btcusd"), Now.AddHours(-3), 10, 2),
            TestAlerts.Spike(new MetricId("volume", "ethusd"), Now.AddMinutes(-61), 10, 2),
            TestAlerts.Spike(new MetricId("volume", "solusd"), Now.AddMinutes(-59), 10, 2),
            TestAlerts.Spike(new MetricId("price", "btcusd"), Now.AddMinutes(-1), 10, 2));
        var dispatcher = Dispatcher(Options("webhook"));

        Assert.Equal(new DispatchReport(2, 0, 0), await dispatcher.DispatchAsync(Ct));
        Assert.Equal(["volume:solusd@20230310T1401Z", "price:btcusd@20230310T1459Z"], _receiver.Requests.Select(r => r.Header("X-CryptoTracker-Alert-Id")));

        // A new alert committed a tick later is sent; the old backlog stays unsent.
        _clock.Advance(TimeSpan.FromMinutes(1));
        await StoreAsync(TestAlerts.Spike(new MetricId("price", "ethusd"), Now.AddMinutes(1), 10, 2));
        Assert.Equal(new DispatchReport(1, 0, 0), await dispatcher.DispatchAsync(Ct));
        Assert.Equal("price:ethusd@20230310T1501Z", _receiver.Requests[^1].Header("X-CryptoTracker-Alert-Id"));
        Assert.Equal(3, _receiver.Requests.Count);
    }

    [Fact]
    public async Task AReceiverDownForLongerThanMaxAge_GetsTheAlertsRaisedMeanwhileWhenItRecovers_BackingOffUpTo15Minutes()
    {
        await StoreAsync(Spike); // 14:55, within MaxAge when the channel started at 15:00
        _receiver.Answer(Enumerable.Repeat(503, 9).ToArray());
        var dispatcher = Dispatcher(Options("webhook"));
        // One run a minute for 70 minutes, the receiver down all along.
        for (var i = 0; i < 70; i++)
        {
            await dispatcher.DispatchAsync(Ct);
            _clock.Advance(TimeSpan.FromMinutes(1));
        }
        // Calls at 15:00, :01 (no wait after one failure), :02 (then 1 min), :04 (2), :08 (4), :16 (8), :31 (16 → 15, the cap),
        // :46, 16:01; the next is due at 16:16.
        Assert.Equal(9, _receiver.Requests.Count);
        Assert.Equal(9, dispatcher.Health.ConsecutiveFailures);
        Assert.Equal(1, dispatcher.Health.Pending);

        // 16:10: the receiver answers again; nothing is sent before 16:16, then the alert, once.
        Assert.Equal(new DispatchReport(0, 0, 1), await dispatcher.DispatchAsync(Ct));
        _clock.Advance(TimeSpan.FromMinutes(7));
        Assert.Equal(new DispatchReport(1, 0, 0), await dispatcher.DispatchAsync(Ct));
        Assert.Equal(10, _receiver.Requests.Count);
        Assert.Equal(0, dispatcher.Health.ConsecutiveFailures);
    }

    [Fact]
    public async Task SlackDiscordAndNtfy_GetTheirOwnFormats_ReadableOnAPhone()
    {
        await StoreAsync(Spike);
        foreach (var type in new[] { "slack", "discord", "ntfy" })
            await Dispatcher(Options(type, o => o.Name = type)).DispatchAsync(Ct);

        var (slack, discord, ntfy) = (_receiver.Requests[0], _receiver.Requests[1], _receiver.Requests[2]);

        using (var json = JsonDocument.Parse(slack.Body))
        {
            Assert.Equal("CryptoTracker alert: volume:btcusd at 5x its last-hour average, now 12.5 [spike]", json.RootElement.GetProperty("text").GetString());
            var block = json.RootElement.GetProperty("blocks")[0];
            Assert.Equal("section", block.GetProperty("type").GetString());
            Assert.Equal("mrkdwn", block.GetProperty("text").GetProperty("type").GetString());
            Assert.Equal("*volume:btcusd* at 5x its last-hour average (rule *spike*)\nValue *12.5*, last-hour average 2.5, ratio 5x\n2023-03-10 14:55 UTC\n<https://tracker.example.com/metric/volume/btcusd|Open the chart>",
                block.GetProperty("text").GetProperty("text").GetString());
        }

        using (var json = JsonDocument.Parse(discord.Body))
        {
            Assert.Equal("CryptoTracker alert: volume:btcusd at 5x its last-hour average, now 12.5 [spike]", json.RootElement.GetProperty("content").GetString());
            var embed = json.RootElement.GetProperty("embeds")[0];
            Assert.Equal("volume:btcusd at 5x its last-hour average", embed.GetProperty("title").GetString());
            Assert.Equal("Rule spike (spike) at 2023-03-10 14:55 UTC.", embed.GetProperty("description").GetString());
            Assert.Equal("https://tracker.example.com/metric/volume/btcusd", embed.GetProperty("url").GetString());
            Assert.Equal("2023-03-10T14:55:00Z", embed.GetProperty("timestamp").GetString());
            Assert.Equal([("Value", "12.5"), ("Last-hour average", "2.5"), ("Ratio", "5x")],
                embed.GetProperty("fields").EnumerateArray().Select(f => (f.GetProperty("name").GetString(), f.GetProperty("value").GetString())));
            Assert.Equal(0, json.RootElement.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        }

        Assert.StartsWith("text/plain", ntfy.Header("Content-Type"));
        Assert.Equal("volume of btcusd: 12.5, last-hour average 2.5, ratio 5x (rule spike), at 2023-03-10 14:55 UTC", ntfy.Text);
        Assert.Equal("volume:btcusd at 5x its last-hour average", ntfy.Header("Title"));
        Assert.Equal("high", ntfy.Header("Priority"));
        Assert.Equal("chart_with_upwards_trend,volume", ntfy.Header("Tags"));
        Assert.Equal("https://tracker.example.com/metric/volume/btcusd", ntfy.Header("Click"));
        Assert.All(_receiver.Requests, r => Assert.Equal("volume:btcusd@20230310T1455Z", r.Header("X-CryptoTracker-Alert-Id")));
    }

    [Fact]
    public async Task Email_ReachesARealSmtpServer_AsAMailAPersonCanRead()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await StoreAsync(Spike);
        var o = Options("email", o =>
        {
            o.Name = "mail";
            o.Host = "127.0.0.1";
            o.Port = smtp.Port;
            o.StartTls = false;
            o.From = "tracker@example.com";
            o.To = ["alice@example.com, bob@example.com"];
        });

        var report = await Dispatcher(o).DispatchAsync(Ct);

        Assert.Equal(new DispatchReport(1, 0, 0), report);
        var mail = Assert.Single(await smtp.WaitForMessagesAsync(1));
        Assert.Equal("CryptoTracker alert: volume:btcusd at 5x its last-hour average [spike]", mail.Subject);
        Assert.Equal("tracker@example.com", mail.From.Mailboxes.Single().Address);
        Assert.Equal(["alice@example.com", "bob@example.com"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("volume:btcusd@20230310T1455Z", mail.Headers["X-CryptoTracker-Alert-Id"]);
        Assert.Equal("""
            volume of btcusd at 5x its last-hour average.

            Rule:              spike (spike)
            Metric:            volume:btcusd
            Value:             12.5
            Last-hour average: 2.5
            Ratio:             5x
            Time:              2023-03-10T14:55:00Z
            Dashboard:         https://tracker.example.com/metric/volume/btcusd

            Alert id: volume:btcusd@20230310T1455Z
            """.ReplaceLineEndings("\n"), (mail.TextBody ?? "").ReplaceLineEndings("\n").TrimEnd('\n'));
    }

    [Fact]
    public async Task Email_WhenTheServerIsDown_IsRetriedLater_WithAGenericError()
    {
        await StoreAsync(Spike);
        var o = Options("email", o => { o.Host = "127.0.0.1"; o.Port = ClosedPort(); o.StartTls = false; o.From = "t@example.com"; o.To = ["a@example.com"]; });
        var dispatcher = Dispatcher(o);

        Assert.Equal(new DispatchReport(0, 1, 1), await dispatcher.DispatchAsync(Ct));
        Assert.Equal("volume:btcusd@20230310T1455Z: NetworkError: connection failed", dispatcher.Health.LastError);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
