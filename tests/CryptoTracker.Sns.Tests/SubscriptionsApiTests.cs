using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CryptoTracker.Sns.Tests;

public sealed class SubscriptionsApiTests(SubscriptionsAppFixture fx) : IClassFixture<SubscriptionsAppFixture>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)status, doc.RootElement.GetProperty("status").GetInt32());
        return doc.RootElement.Clone();
    }

    [Fact]
    public async Task Post_ValidEmailWithMetrics_Is202PendingConfirmation_AndSubscribesWithAFilterPolicy()
    {
        var response = await fx.Http.PostAsync("/v1/subscriptions", Json("""{"protocol":"email","endpoint":"alice.post@example.com","metrics":["volume:btcusd","PRICE:ethusd","volume:btcusd"]}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("pending-confirmation", body.RootElement.GetProperty("status").GetString());
        Assert.False(body.RootElement.TryGetProperty("subscriptionArn", out _));
        var call = Assert.Single(fx.Sns.Accepted("Subscribe"), c => c["Endpoint"] == "alice.post@example.com");
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={TestCredentials.AccessKey}/", call.Authorization);
        Assert.Contains("/us-east-1/sns/aws4_request", call.Authorization);
        Assert.Matches(@"^\d{8}T\d{6}Z$", call.AmzDate);
        Assert.Equal(FakeSns.TopicArn, call["TopicArn"]);
        Assert.Equal("email", call["Protocol"]);
        Assert.Equal("false", call["ReturnSubscriptionArn"]);
        Assert.Equal("FilterPolicy", call["Attributes.entry.1.key"]);
        Assert.Equal("""{"metric":["volume:btcusd","price:ethusd"]}""", call["Attributes.entry.1.value"]);
    }

    [Fact]
    public async Task Post_EmailThatSnsAnswersWithAnExistingArn_StillDisclosesNoArn()
    {
        // Real SNS returns the ARN of an already confirmed subscription even with ReturnSubscriptionArn=false; handing it
        // out would let anyone who knows the address unsubscribe its owner. The local SNS answers email with an ARN here.
        var response = await fx.Http.PostAsync("/v1/subscriptions", Json("""{"protocol":"email","endpoint":"already@example.com"}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("""{"status":"pending-confirmation"}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("""{"protocol":"email","endpoint":"not-an-address<script>"}""", "Invalid email address")]
    [InlineData("""{"protocol":"email","endpoint":"Alice <alice@example.com>"}""", "Invalid email address")]
    [InlineData("""{"protocol":"email","endpoint":"alice@localhost"}""", "Invalid email address")]
    [InlineData("""{"protocol":"sms","endpoint":"+14155550123"}""", "SMS not enabled")]
    [InlineData("""{"protocol":"http","endpoint":"http://evil.example.com"}""", "Invalid protocol")]
    [InlineData("""{"protocol":"email","endpoint":"bob@example.com","metrics":["volume:dogeusd"]}""", "Unknown metric")]
    [InlineData("""{"protocol":"email","endpoint":"bob@example.com","metrics":["volume/btcusd<b>"]}""", "Invalid metric")]
    [InlineData("""{"protocol":"email","endpoint":"bob@example.com","metrics":"volume:btcusd"}""", "Invalid body")]
    [InlineData("""{"protocol":"email","endpoint":"bob@example.com","rules":"spike"}""", "Invalid body")]
    [InlineData("""{"protocol":"email","endpoint":"bob@example.com","rules":[1]}""", "Invalid body")]
    [InlineData("""{"protocol":"email","endpoint":"bob@example.com","rules":["<script>"]}""", "Unknown rule")]
    [InlineData("""{"protocol":"email","endpoint":"bob@example.com","rules":[null]}""", "Unknown rule")]
    [InlineData("""{"protocol":5,"endpoint":"bob@example.com"}""", "Invalid body")]
    [InlineData("""{"protocol":"email","endpoint":""", "Invalid body")]
    [InlineData("""[1,2,3]""", "Invalid body")]
    [InlineData("""null""", "Invalid body")]
    [InlineData("", "Missing body")]
    public async Task Post_BadInput_Is400ProblemThatDoesNotEchoTheInput(string json, string title)
    {
        var before = fx.Sns.Calls.Count(c => c.Action == "Subscribe");

        var problem = await ProblemAsync(await fx.Http.PostAsync("/v1/subscriptions", Json(json)), HttpStatusCode.BadRequest);

        Assert.Equal(title, problem.GetProperty("title").GetString());
        var text = problem.ToString();
        Assert.DoesNotContain("<script>", text);
        Assert.DoesNotContain("dogeusd", text);
        Assert.DoesNotContain("evil", text);
        Assert.Equal(before, fx.Sns.Calls.Count(c => c.Action == "Subscribe"));
    }

    [Fact]
    public async Task Post_MoreThan150Metrics_Is400()
    {
        var metrics = string.Join(',', Enumerable.Range(0, 151).Select(i => $"\"volume:sym{i}\""));

        var problem = await ProblemAsync(await fx.Http.PostAsync("/v1/subscriptions", Json($$"""{"protocol":"email","endpoint":"carol@example.com","metrics":[{{metrics}}]}""")), HttpStatusCode.BadRequest);

        Assert.Equal("Too many metrics", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Post_WithMetricsAndRules_Is202EchoingBoth_AndSubscribesWithBothKeys()
    {
        var response = await fx.Http.PostAsync("/v1/subscriptions", Json(
            """{"protocol":"email","endpoint":"rules.both@example.com","metrics":["price:btcusd","price:ethusd"],"rules":["BTC-below-10k","spike","btc-below-10k"]}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("""{"status":"pending-confirmation","metrics":["price:btcusd","price:ethusd"],"rules":["btc-below-10k","spike"]}""",
            await response.Content.ReadAsStringAsync());
        var call = Assert.Single(fx.Sns.Accepted("Subscribe"), c => c["Endpoint"] == "rules.both@example.com");
        Assert.Equal("FilterPolicy", call["Attributes.entry.1.key"]);
        Assert.Equal("""{"metric":["price:btcusd","price:ethusd"],"rule":["btc-below-10k","spike"]}""", call["Attributes.entry.1.value"]);
        Assert.Equal("MessageAttributes", call["Attributes.entry.2.value"]);
    }

    [Fact]
    public async Task Post_WithRulesOnly_FiltersOnTheRuleKeyAlone()
    {
        var response = await fx.Http.PostAsync("/v1/subscriptions", Json("""{"protocol":"email","endpoint":"rules.only@example.com","rules":["eth-above-5k"]}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("""{"status":"pending-confirmation","rules":["eth-above-5k"]}""", await response.Content.ReadAsStringAsync());
        var call = Assert.Single(fx.Sns.Accepted("Subscribe"), c => c["Endpoint"] == "rules.only@example.com");
        Assert.Equal("""{"rule":["eth-above-5k"]}""", call["Attributes.entry.1.value"]);
    }

    [Fact]
    public async Task Post_UnknownRules_Is400_SayingHowManyAndWhereTheNamesAre()
    {
        var before = fx.Sns.Calls.Count(c => c.Action == "Subscribe");

        var problem = await ProblemAsync(await fx.Http.PostAsync("/v1/subscriptions", Json(
            """{"protocol":"email","endpoint":"rules.unknown@example.com","rules":["spike","btc-above-1m","nope","nope"]}""")), HttpStatusCode.BadRequest);

        Assert.Equal("Unknown rule", problem.GetProperty("title").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.StartsWith("2 of the rules are not configured here", detail); // btc-above-1m and nope (twice: one name)
        Assert.Contains("GET /v1/rules", detail);
        Assert.DoesNotContain("nope", detail);
        Assert.Equal(before, fx.Sns.Calls.Count(c => c.Action == "Subscribe"));
    }

    /// <summary>The ten tracked metrics and the first <paramref name="count"/> of the 16 rule names (spike and the fifteen configured).</summary>
    private static string TenMetricsAnd(int count)
    {
        var rules = TrackerAppFixture.Rules.Select(r => r.Name).Prepend("spike").Take(count).ToList();
        return JsonSerializer.Serialize(new { protocol = "email", endpoint = $"many.{count}@example.com", metrics = TrackerAppFixture.MetricIds, rules });
    }

    [Fact]
    public async Task Post_TenMetricsTimesFifteenRules_Is202_AndSnsTakesThe150Combinations()
    {
        var response = await fx.Http.PostAsync("/v1/subscriptions", Json(TenMetricsAnd(15)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var call = Assert.Single(fx.Sns.Accepted("Subscribe"), c => c["Endpoint"] == "many.15@example.com");
        using var policy = JsonDocument.Parse(call["Attributes.entry.1.value"]!);
        Assert.Equal(TrackerAppFixture.MetricIds, policy.RootElement.GetProperty("metric").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(15, policy.RootElement.GetProperty("rule").GetArrayLength());
    }

    [Fact]
    public async Task Post_TenMetricsTimesSixteenRules_Is400_NamingTheProductLimit_WithoutCallingSns()
    {
        var before = fx.Sns.Calls.Count(c => c.Action == "Subscribe");

        var problem = await ProblemAsync(await fx.Http.PostAsync("/v1/subscriptions", Json(TenMetricsAnd(16))), HttpStatusCode.BadRequest);

        Assert.Equal("Too many combinations", problem.GetProperty("title").GetString());
        Assert.StartsWith("10 metrics × 16 rules make 160 combinations; SNS allows at most 150", problem.GetProperty("detail").GetString());
        Assert.Equal(before, fx.Sns.Calls.Count(c => c.Action == "Subscribe"));
    }

    [Fact]
    public async Task Options_OfferSpikeAndEveryConfiguredRule_EachDescribed()
    {
        using var doc = JsonDocument.Parse(await fx.Http.GetStringAsync("/v1/subscriptions/options"));
        var rules = doc.RootElement.GetProperty("rules").EnumerateArray()
            .Select(r => (r.GetProperty("name").GetString(), r.GetProperty("description").GetString())).ToList();

        Assert.Equal(150, doc.RootElement.GetProperty("maxCombinations").GetInt32());
        Assert.Equal(16, rules.Count);
        Assert.Equal(("spike", "any metric above 3x its average of the last 60 min"), rules[0]);
        Assert.Equal(("btc-below-10k", "price:btcusd below 10000"), rules[1]);
        Assert.Equal(("eth-above-5k", "price:ethusd above 5000"), rules[2]);
        Assert.Equal(("btc-moves-5", "price:btcusd moves 5% or more within 60 min"), rules[3]);
        Assert.Equal(("sol-above-12k", "price:solusd above 12000"), rules[15]);
    }

    [Fact]
    public async Task Post_WhenSnsReachedItsFilterPolicyLimit_Is409_Not5xx()
    {
        fx.Sns.FailNext("Subscribe", new SnsFault(403, "FilterPolicyLimitExceeded"));

        var problem = await ProblemAsync(
            await fx.Http.PostAsync("/v1/subscriptions", Json("""{"protocol":"email","endpoint":"dave@example.com","metrics":["price:btcusd"]}""")),
            HttpStatusCode.Conflict);

        Assert.Equal("Subscription capacity reached", problem.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("arn:aws:sns:us-east-1:123456789012:someone-elses-topic:0b4f5a3e-6d1c-4a8e-9a51-0e0d3c1f2a77")]
    [InlineData("arn:aws:sns:us-east-1:999999999999:tracker-alerts:0b4f5a3e-6d1c-4a8e-9a51-0e0d3c1f2a77")]
    [InlineData("arn:aws:sns:us-east-1:123456789012:tracker-alerts")]
    [InlineData("arn:aws:sns:us-east-1:123456789012:tracker-alerts:../../x")]
    [InlineData("pending confirmation")]
    public async Task Delete_ForeignOrMalformedArn_Is400_AndNeverReachesSns(string arn)
    {
        var before = fx.Sns.Calls.Count(c => c.Action == "Unsubscribe");
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/v1/subscriptions") { Content = JsonContent.Create(new { subscriptionArn = arn }) };

        var problem = await ProblemAsync(await fx.Http.SendAsync(request), HttpStatusCode.BadRequest);

        Assert.Equal("Invalid subscription", problem.GetProperty("title").GetString());
        Assert.Equal(before, fx.Sns.Calls.Count(c => c.Action == "Unsubscribe"));
    }

    [Fact]
    public async Task Delete_ArnOfTheTopic_InBodyOrQuery_UnsubscribesIt()
    {
        var arn = $"{FakeSns.TopicArn}:{Guid.NewGuid()}";
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/v1/subscriptions") { Content = Json($$"""{"subscriptionArn":"{{arn}}"}""") };
        var arn2 = $"{FakeSns.TopicArn}:{Guid.NewGuid()}";

        var byBody = await fx.Http.SendAsync(request);
        var byQuery = await fx.Http.DeleteAsync($"/v1/subscriptions?subscriptionArn={Uri.EscapeDataString(arn2)}");

        Assert.Equal(HttpStatusCode.NoContent, byBody.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, byQuery.StatusCode);
        Assert.Single(fx.Sns.Accepted("Unsubscribe"), c => c["SubscriptionArn"] == arn);
        Assert.Single(fx.Sns.Accepted("Unsubscribe"), c => c["SubscriptionArn"] == arn2);
    }

    [Fact]
    public async Task Delete_WithoutArn_Is400()
    {
        var problem = await ProblemAsync(await fx.Http.DeleteAsync("/v1/subscriptions"), HttpStatusCode.BadRequest);
        Assert.Equal("Missing subscription", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task NoEndpointListsSubscribers()
    {
        var response = await fx.Http.GetAsync("/v1/subscriptions");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}

public sealed class SubscriptionsLimitsTests : OwnTrackerTests
{
    [Fact]
    public async Task Requests_OverThePerIpLimit_Are429Problems()
    {
        using var app = TrackerApp.Replay(Replay, Sns, ("Tracker:Subscriptions:PermitsPerMinute", "2"));
        using var http = app.CreateClient();
        StringContent Body() => new("""{"protocol":"email","endpoint":"erin@example.com"}""", Encoding.UTF8, "application/json");

        var first = await http.PostAsync("/v1/subscriptions", Body());
        var second = await http.DeleteAsync($"/v1/subscriptions?subscriptionArn={FakeSns.TopicArn}:{Guid.NewGuid()}");
        var third = await http.PostAsync("/v1/subscriptions", Body());

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("application/problem+json", third.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await third.Content.ReadAsStringAsync());
        Assert.Equal("Too many subscription requests", problem.RootElement.GetProperty("title").GetString());
        Assert.Single(Sns.Accepted("Subscribe"));
        // Other endpoints are not limited.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/health")).StatusCode);
    }

    [Fact]
    public async Task Post_WithoutATopic_Is503AlertsNotConfigured()
    {
        using var app = TrackerApp.Replay(Replay, sns: null);
        using var http = app.CreateClient();

        var response = await http.PostAsync("/v1/subscriptions", new StringContent("""{"protocol":"email","endpoint":"erin@example.com"}""", Encoding.UTF8, "application/json"));
        // Neither the gateway nor the desk is registered without a topic: every handler gets null and answers 503.
        var confirm = await http.PostAsync("/v1/subscriptions/confirm", new StringContent("""{"endpoint":"+14155550123","code":"123456"}""", Encoding.UTF8, "application/json"));
        var delete = await http.DeleteAsync($"/v1/subscriptions?subscriptionArn={FakeSns.TopicArn}:{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Alerts are not configured", problem.RootElement.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, confirm.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, delete.StatusCode);
        Assert.Equal("application/problem+json", delete.Content.Headers.ContentType?.MediaType);
    }
}
