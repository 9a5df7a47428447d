using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CryptoTracker.Api.Subscriptions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CryptoTracker.Sns.Tests;

public sealed class SmsConsentTests(SmsAppFixture fx) : IClassFixture<SmsAppFixture>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private Task<HttpResponseMessage> RequestCode(string number, string metrics = "") =>
        fx.Http.PostAsync("/v1/subscriptions", Json($$"""{"protocol":"sms","endpoint":"{{number}}"{{metrics}}}"""));

    private Task<HttpResponseMessage> Confirm(string number, string code) =>
        fx.Http.PostAsync("/v1/subscriptions/confirm", Json($$"""{"endpoint":"{{number}}","code":"{{code}}"}"""));

    /// <summary>The code in the last text SNS was asked to send to this number (read from the Publish call, as a phone would).</summary>
    private string CodeSentTo(string number)
    {
        var text = fx.Sns.Accepted("Publish").Last(c => c["PhoneNumber"] == number)["Message"]!;
        return Regex.Match(text, @"\b(\d{6})\b").Groups[1].Value;
    }

    private static string Other(string code) => ((int.Parse(code) + 1) % 1_000_000).ToString("D6");

    private int Subscribes(string number) => fx.Sns.Accepted("Subscribe").Count(c => c["Endpoint"] == number);

    private static async Task<string> ProblemTextAsync(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var p = doc.RootElement;
        return $"{p.GetProperty("status").GetInt32()} {p.GetProperty("title").GetString()} {p.GetProperty("detail").GetString()}";
    }

    private static async Task<string> TitleAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("title").GetString()!;
    }

    [Fact]
    public async Task SmsRequest_TextsACodeThroughSignedTransactionalPublish_AndSubscribesNothingYet()
    {
        const string number = "+14155550101";

        var response = await RequestCode(number, ""","metrics":["volume:btcusd"]""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("""{"status":"confirmation-sent","metrics":["volume:btcusd"]}""", await response.Content.ReadAsStringAsync());
        var publish = Assert.Single(fx.Sns.Accepted("Publish"), c => c["PhoneNumber"] == number);
        Assert.Null(publish["TopicArn"]);
        Assert.Equal(("String", "Transactional"), publish.MessageAttributes()["AWS.SNS.SMS.SMSType"]);
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={TestCredentials.AccessKey}/", publish.Authorization);
        Assert.StartsWith("tracker.example.com: your code", publish["Message"]);
        Assert.Matches(@"^\d{6}$", CodeSentTo(number));
        Assert.Equal(0, Subscribes(number));
        Assert.Equal(0, fx.Sns.BadSignatures);
    }

    [Fact]
    public async Task TheStoreKeepsOnlyASaltedHashOfTheCode_NeverTheCodeOrTheNumber()
    {
        const string number = "+14155550102";
        await RequestCode(number);
        var code = CodeSentTo(number);

        SqliteConnection.ClearAllPools();
        await using var db = new SqliteConnection($"Data Source={fx.App.SqlitePath};Mode=ReadOnly");
        await db.OpenAsync();
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT destination, salt, code_hash, expires FROM subscription_pending";
        var rows = new List<string[]>();
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) rows.Add([r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3).ToString()]);

        Assert.NotEmpty(rows);
        Assert.All(rows, row => Assert.DoesNotContain(number, row[0]));
        Assert.DoesNotContain(rows, row => row.Any(v => v.Contains(code)));
        // Independently: HMAC-SHA256 keyed by the stored salt over the code, base64, is one of the stored hashes.
        var expected = rows.Where(row => Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(
            Convert.FromBase64String(row[1]), Encoding.UTF8.GetBytes(code))) == row[2]).ToList();
        var mine = Assert.Single(expected);
        Assert.Equal(fx.Clock.GetUtcNow().AddMinutes(10).ToUnixTimeMilliseconds().ToString(), mine[3]);
    }

    [Fact]
    public async Task WrongCode_Is400_RightCode_SubscribesWithTheStoredFilter_Once()
    {
        const string number = "+447700900103";
        await RequestCode(number, ""","metrics":["price:ethusd","volume:btcusd"]""");
        var code = CodeSentTo(number);

        var wrong = await Confirm(number, Other(code));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("Wrong or expired code", await TitleAsync(wrong));
        Assert.Equal(0, Subscribes(number));

        var right = await Confirm(number, code);
        Assert.Equal(HttpStatusCode.Accepted, right.StatusCode);
        Assert.Equal("""{"status":"subscribed"}""", await right.Content.ReadAsStringAsync());
        var subscribe = Assert.Single(fx.Sns.Accepted("Subscribe"), c => c["Endpoint"] == number);
        Assert.Equal("sms", subscribe["Protocol"]);
        Assert.Equal(FakeSns.TopicArn, subscribe["TopicArn"]);
        Assert.Equal("""{"metric":["price:ethusd","volume:btcusd"]}""", subscribe["Attributes.entry.1.value"]);

        var again = await Confirm(number, code);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal(1, Subscribes(number));
    }

    [Fact]
    public async Task TheRulesAskedFor_AreKeptWithTheCode_AndFilterTheSubscriptionAtConfirm()
    {
        const string number = "+14155550111";
        var response = await RequestCode(number, ""","metrics":["price:btcusd"],"rules":["spike","btc-below-10k"]""");
        Assert.Equal("""{"status":"confirmation-sent","metrics":["price:btcusd"],"rules":["spike","btc-below-10k"]}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, Subscribes(number));

        var right = await Confirm(number, CodeSentTo(number));

        Assert.Equal(HttpStatusCode.Accepted, right.StatusCode);
        var subscribe = Assert.Single(fx.Sns.Accepted("Subscribe"), c => c["Endpoint"] == number);
        Assert.Equal("""{"metric":["price:btcusd"],"rule":["spike","btc-below-10k"]}""", subscribe["Attributes.entry.1.value"]);
    }

    [Fact]
    public async Task RulesOnly_AreKeptWithTheCode_AndFilterOnTheRuleKeyAlone()
    {
        const string number = "+447700900112";
        await RequestCode(number, ""","rules":["eth-above-5k"]""");

        Assert.Equal(HttpStatusCode.Accepted, (await Confirm(number, CodeSentTo(number))).StatusCode);

        var subscribe = Assert.Single(fx.Sns.Accepted("Subscribe"), c => c["Endpoint"] == number);
        Assert.Equal("""{"rule":["eth-above-5k"]}""", subscribe["Attributes.entry.1.value"]);
    }

    [Fact]
    public async Task FiveWrongCodes_VoidTheRequest_SoEvenTheRightCodeIsRefused()
    {
        const string number = "+14155550104";
        await RequestCode(number);
        var code = CodeSentTo(number);

        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.BadRequest, (await Confirm(number, Other(code))).StatusCode);
        var right = await Confirm(number, code);

        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.Equal("Wrong or expired code", await TitleAsync(right));
        Assert.Equal(0, Subscribes(number));
    }

    [Fact]
    public async Task ACodeExpiresAfterTenMinutes_WithTheSameAnswerAsAWrongOne()
    {
        const string early = "+14155550105", late = "+14155550106";
        await RequestCode(early);
        await RequestCode(late);

        fx.Clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        var inTime = await Confirm(early, CodeSentTo(early));
        fx.Clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await Confirm(late, CodeSentTo(late));
        var wrong = await Confirm("+14155550199", "123456"); // never asked for

        Assert.Equal(HttpStatusCode.Accepted, inTime.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Equal(await ProblemTextAsync(wrong), await ProblemTextAsync(expired));
        Assert.Equal(0, Subscribes(late));
    }

    [Fact]
    public async Task AtMostThreeCodesPerNumberIn24Hours()
    {
        const string number = "+14155550107";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) statuses.Add((await RequestCode(number)).StatusCode);
        var fourth = await RequestCode(number);
        statuses.Add(fourth.StatusCode);

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal("Too many requests for this address", await TitleAsync(fourth));
        Assert.Equal(3, fx.Sns.Accepted("Publish").Count(c => c["PhoneNumber"] == number));
        // The last of the three codes is the one that counts.
        Assert.Equal(HttpStatusCode.Accepted, (await Confirm(number, CodeSentTo(number))).StatusCode);
    }

    [Theory]
    [InlineData("+1٤١٥5550123")]      // Arabic-Indic digits
    [InlineData("+14155550123\n")]    // a trailing newline
    [InlineData("+1415555012345678")] // too long
    [InlineData("+0155550123")]
    [InlineData("14155550123")]
    public async Task MalformedNumbers_Are400_AndReachNoSns(string number)
    {
        var before = fx.Sns.Calls.Count;

        var response = await fx.Http.PostAsync("/v1/subscriptions", Json(JsonSerializer.Serialize(new { protocol = "sms", endpoint = number })));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Invalid phone number", await TitleAsync(response));
        Assert.Equal(before, fx.Sns.Calls.Count);
    }

    [Fact]
    public async Task NumbersOutsideTheAllowedCountryCodes_Are400()
    {
        var response = await RequestCode("+33612345678");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Phone number not accepted", await TitleAsync(response));
        Assert.DoesNotContain(fx.Sns.Calls, c => c["PhoneNumber"] == "+33612345678");
    }

    [Fact]
    public async Task Options_ListEmailAndSms_WithThePrefixes()
    {
        using var doc = JsonDocument.Parse(await fx.Http.GetStringAsync("/v1/subscriptions/options"));
        var o = doc.RootElement;

        Assert.Equal(["email", "sms"], o.GetProperty("channels").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["+1", "+44"], o.GetProperty("smsPrefixes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(150, o.GetProperty("maxMetrics").GetInt32());
        Assert.Equal(6, o.GetProperty("codeLength").GetInt32());
        Assert.Equal(["spike", .. TrackerAppFixture.Rules.Select(r => r.Name)], o.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
    }

    public static TheoryData<string, string?, string?> CrossSiteShapes => new()
    {
        // A no-cors fetch with a Blob body sends no Content-Type; forms send these two; text/plain is the other "simple" type.
        { "/v1/subscriptions", null, null },
        { "/v1/subscriptions", "text/plain", null },
        { "/v1/subscriptions", "application/x-www-form-urlencoded", null },
        { "/v1/subscriptions", "multipart/form-data; boundary=x", null },
        { "/v1/subscriptions/confirm", null, null },
        { "/v1/subscriptions/confirm", "text/plain;charset=UTF-8", null },
    };

    [Theory]
    [MemberData(nameof(CrossSiteShapes))]
    public async Task WritesWithoutAJsonContentType_Are415_AndReachNoSns(string path, string? contentType, string? _)
    {
        var before = fx.Sns.Calls.Count;
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"protocol":"sms","endpoint":"+14155550108","code":"123456"}"""));
        if (contentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        var response = await fx.Http.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        // A declared non-JSON type is refused by routing (the endpoints accept only JSON), a missing one by the guard.
        Assert.Equal("unsupported media type", (await TitleAsync(response)).ToLowerInvariant());
        Assert.Equal(before, fx.Sns.Calls.Count);
    }

    [Theory]
    [InlineData("POST", "/v1/subscriptions")]
    [InlineData("POST", "/v1/subscriptions/confirm")]
    [InlineData("DELETE", "/v1/subscriptions")]
    public async Task CrossSiteRequests_Are403_EvenAsJson(string method, string path)
    {
        var before = fx.Sns.Calls.Count;
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = Json($$"""{"protocol":"sms","endpoint":"+14155550109","code":"123456","subscriptionArn":"{{FakeSns.TopicArn}}:{{Guid.NewGuid()}}"}"""),
        };
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        var response = await fx.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Cross-site request refused", await TitleAsync(response));
        Assert.Equal(before, fx.Sns.Calls.Count);
    }

    [Fact]
    public async Task SameOriginRequests_FromTheDashboard_AreServed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/subscriptions") { Content = Json("""{"protocol":"sms","endpoint":"+14155550110"}""") };
        request.Headers.Add("Sec-Fetch-Site", "same-origin");

        Assert.Equal(HttpStatusCode.Accepted, (await fx.Http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task EmailAddress_GetsTheSameAnswer_WhetherNewOrSubscribedWithAnotherFilter()
    {
        // known@ is subscribed (all alerts); SNS then refuses it with another filter ("already exists with different attributes").
        Assert.Equal(HttpStatusCode.Accepted, (await fx.Http.PostAsync("/v1/subscriptions", Json("""{"protocol":"email","endpoint":"known@example.com"}"""))).StatusCode);

        var known = await fx.Http.PostAsync("/v1/subscriptions", Json("""{"protocol":"email","endpoint":"known@example.com","metrics":["price:btcusd"]}"""));
        var fresh = await fx.Http.PostAsync("/v1/subscriptions", Json("""{"protocol":"email","endpoint":"fresh@example.com","metrics":["price:btcusd"]}"""));

        Assert.Contains(fx.Sns.Calls, c => c.Action == "Subscribe" && c["Endpoint"] == "known@example.com" && !c.Accepted);
        Assert.Equal(fresh.StatusCode, known.StatusCode);
        Assert.Equal(await fresh.Content.ReadAsStringAsync(), await known.Content.ReadAsStringAsync());
        Assert.Equal(fresh.Content.Headers.ContentType?.ToString(), known.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task Email_AtMostThreeRequestsPerAddressIn24Hours_ThenAgainAfterTheWindow()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            statuses.Add((await fx.Http.PostAsync("/v1/subscriptions", Json("""{"protocol":"email","endpoint":"Often@Example.com"}"""))).StatusCode);

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
        // The same address in other letter case is the same mailbox for the limit.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await fx.Http.PostAsync("/v1/subscriptions", Json("""{"protocol":"email","endpoint":"often@example.com"}"""))).StatusCode);
        Assert.Equal(3, fx.Sns.Accepted("Subscribe").Count(c => c["Endpoint"] == "Often@Example.com"));
    }
}

/// <summary>Each test its own tracker: defaults, the global cap, health's public text, and 'since' far in the future.</summary>
public sealed class SubscriptionDefaultsTests : OwnTrackerTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task SmsIsOffByDefault_OptionsOfferOnlyEmail_AndAnSmsRequestIs400WithoutAnySnsCall()
    {
        using var app = TrackerApp.Replay(Replay, Sns);
        using var http = app.CreateClient();

        var response = await http.PostAsync("/v1/subscriptions", Json("""{"protocol":"sms","endpoint":"+14155550123"}"""));
        var confirm = await http.PostAsync("/v1/subscriptions/confirm", Json("""{"endpoint":"+14155550123","code":"123456"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"SMS not enabled\"", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, confirm.StatusCode);
        Assert.Empty(Sns.Calls);
        Assert.Equal("""{"channels":["email"],"smsPrefixes":[],"maxMetrics":150,"codeLength":6,"maxCombinations":150,"rules":[{"name":"spike","description":"any metric above 3x its average of the last 60 min"}]}""",
            await http.GetStringAsync("/v1/subscriptions/options"));
    }

    [Fact]
    public async Task WithoutATopic_OptionsOfferNothing()
    {
        using var app = TrackerApp.Replay(Replay, sns: null, ("Tracker:Alerts:Sms:Enabled", "true"));
        using var http = app.CreateClient();

        Assert.Equal("""{"channels":[],"smsPrefixes":[],"maxMetrics":150,"codeLength":6,"maxCombinations":150,"rules":[]}""", await http.GetStringAsync("/v1/subscriptions/options"));
    }

    [Fact]
    public async Task SubscriptionsRole_AsOnAws_OffersAndAcceptsTheConfiguredRules_WithoutServingRulesItself()
    {
        // On AWS the subscriptions function gets the rules too, and the dashboard reads them from its options: GET /v1/rules
        // belongs to the api function.
        using var app = TrackerApp.Replay(Replay, Sns, ("Tracker:Role", "subscriptions"),
            ("Tracker:Alerts:Rules:0:Name", "btc-below-80k"), ("Tracker:Alerts:Rules:0:Metric", "price:btcusd"), ("Tracker:Alerts:Rules:0:Below", "80000"));
        using var http = app.CreateClient();

        using var options = JsonDocument.Parse(await http.GetStringAsync("/v1/subscriptions/options"));
        var offered = options.RootElement.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ToList();
        var subscribed = await http.PostAsync("/v1/subscriptions", Json("""{"protocol":"email","endpoint":"role@example.com","rules":["btc-below-80k"]}"""));

        Assert.Equal(["spike", "btc-below-80k"], offered);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/v1/rules")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, subscribed.StatusCode);
        var call = Assert.Single(Sns.Accepted("Subscribe"));
        Assert.Equal("""{"rule":["btc-below-80k"]}""", call["Attributes.entry.1.value"]);
    }

    [Fact]
    public async Task TheGlobalCap_Is409ForNewAndKnownAddressesAlike_Never5xx()
    {
        using var app = TrackerApp.Replay(Replay, Sns, ("Tracker:Alerts:MaxSubscriptions", "2"));
        using var http = app.CreateClient();
        async Task<HttpStatusCode> Ask(string address) =>
            (await http.PostAsync("/v1/subscriptions", Json($$"""{"protocol":"email","endpoint":"{{address}}"}"""))).StatusCode;

        var results = new[] { await Ask("one@example.com"), await Ask("one@example.com"), await Ask("two@example.com"), await Ask("three@example.com"), await Ask("one@example.com") };

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Conflict, HttpStatusCode.Conflict], results);
        Assert.DoesNotContain(Sns.Calls, c => c["Endpoint"] == "three@example.com");
    }

    [Theory]
    [InlineData("9999-12-31T23:59:30Z")]
    [InlineData("9999-12-31T23:59:59.9999999Z")]
    [InlineData("2999-01-01T00:00:00Z")]
    public async Task Alerts_SinceAnyTimeAfterNow_Is200WithAnEmptyList(string since)
    {
        using var app = TrackerApp.Replay(Replay, sns: null);
        using var http = app.CreateClient();
        await app.WaitForReplayAsync(http, publishing: false, TimeSpan.FromMinutes(1));

        var response = await http.GetAsync($"/v1/alerts?since={Uri.EscapeDataString(since)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"alerts":[]}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_NamesAPublishingFailureByKind_WithoutTheAccountOrRoleFromSnsMessage()
    {
        // 31 quiet minutes then a volume spike: one alert, whose publishing SNS refuses with its usual detailed message.
        var lines = new List<string> { "time,symbol,price,volume" };
        for (var m = 0; m < 31; m++) lines.Add($"2023-03-10T00:{m:00}:00Z,btcusd,20000,{(m == 30 ? 100 : 10)}");
        File.WriteAllLines(Replay, lines);
        const string leaky = "User: arn:aws:sts::123456789012:assumed-role/tracker-collector/fn is not authorized to perform: SNS:Publish on resource: arn:aws:sns:us-east-1:123456789012:tracker-alerts";
        Sns.FailNext("Publish", Enumerable.Repeat(new SnsFault(403, "AuthorizationError", Message: leaky), 200).ToArray());
        using var app = TrackerApp.Replay(Replay, Sns);
        using var http = app.CreateClient();
        await app.WaitForReplayAsync(http, publishing: false, TimeSpan.FromMinutes(1));

        string text;
        var until = DateTime.UtcNow.AddSeconds(30);
        do
        {
            text = await http.GetStringAsync("/v1/health");
            if (text.Contains("alert publishing failing")) break;
            await Task.Delay(100);
        } while (DateTime.UtcNow < until);

        using var health = JsonDocument.Parse(text);
        Assert.Contains(health.RootElement.GetProperty("reasons").EnumerateArray(),
            r => r.GetString()!.StartsWith("alert publishing failing") && r.GetString()!.EndsWith(": access denied"));
        Assert.Equal("access denied", health.RootElement.GetProperty("publisher").GetProperty("lastError").GetString());
        Assert.DoesNotContain("123456789012", text);
        Assert.DoesNotContain("arn:", text);
    }
}
