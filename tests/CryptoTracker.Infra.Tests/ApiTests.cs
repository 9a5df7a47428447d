using System.Text.Json.Nodes;

namespace CryptoTracker.Infra.Tests;

[Collection(SynthesizedStacks.Name)]
public sealed class ApiTests(DefaultStack stack, ConfiguredStack configured)
{
    // Written out by hand from the API contract, not read from PublicApi, so a dropped route fails here.
    private static readonly string[] ApiRoutes =
    [
        "GET /v1/metrics",
        "GET /v1/metrics/{type}/{symbol}",
        "GET /v1/metrics/{type}/{symbol}/history",
        "GET /v1/metrics/{type}/{symbol}/rank",
        "GET /v1/metrics/{type}/{symbol}/markets",
        "GET /v1/rankings/{type}",
        "GET /v1/alerts",
        "GET /v1/rules",
        "GET /v1/health",
        "GET /",
        "GET /openapi/v1.json",
        "GET /docs",
        "GET /assets/{file}",
        "GET /assets/docs/{file}",
        "GET /metric/{type}/{symbol}",
    ];

    private static readonly string[] SubscriptionRoutes =
        ["POST /v1/subscriptions", "DELETE /v1/subscriptions", "POST /v1/subscriptions/confirm", "GET /v1/subscriptions/options"];

    public static TheoryData<string> EveryApiRoute => new(ApiRoutes);

    private IReadOnlyDictionary<string, JsonNode> RoutesByKey() =>
        stack.ResourcesOfType("AWS::ApiGatewayV2::Route")
            .ToDictionary(r => (string)r.Resource["Properties"]!["RouteKey"]!, r => r.Resource["Properties"]!);

    /// <summary>The Lambda function logical id behind a route, via its integration.</summary>
    private string FunctionBehind(JsonNode route)
    {
        var target = route["Target"]!.ToJsonString();
        var integrationId = stack.ResourcesOfType("AWS::ApiGatewayV2::Integration")
            .Single(i => target.Contains($"\"{i.LogicalId}\"")).LogicalId;
        return (string)stack.Properties(integrationId)["IntegrationUri"]!["Fn::GetAtt"]![0]!;
    }

    [Fact]
    public void Api_HasExactlyTheExplicitRoutes()
    {
        Assert.Equal(ApiRoutes.Concat(SubscriptionRoutes).Order(), RoutesByKey().Keys.Order());
    }

    [Fact]
    public void Api_HasNoDefaultAnyOrProxyRoute()
    {
        Assert.All(RoutesByKey().Keys, key =>
        {
            Assert.NotEqual("$default", key);
            Assert.DoesNotContain("ANY", key);
            Assert.DoesNotContain("proxy+", key);
            Assert.DoesNotContain("+}", key);
        });
    }

    [Theory]
    [MemberData(nameof(EveryApiRoute))]
    public void ReadRoute_IsServedByTheApiFunction(string routeKey)
    {
        Assert.Equal(stack.Function("api").LogicalId, FunctionBehind(RoutesByKey()[routeKey]));
    }

    [Theory]
    [InlineData("POST /v1/subscriptions")]
    [InlineData("DELETE /v1/subscriptions")]
    [InlineData("POST /v1/subscriptions/confirm")]
    [InlineData("GET /v1/subscriptions/options")]
    public void SubscriptionRoute_IsServedByTheSubscriptionsFunction(string routeKey)
    {
        Assert.Equal(stack.Function("subscriptions").LogicalId, FunctionBehind(RoutesByKey()[routeKey]));
    }

    [Fact]
    public void NoRoute_ReachesTheCollector_AndEventsIsNotRouted()
    {
        var collectorId = stack.Function("collector").LogicalId;
        Assert.All(RoutesByKey(), route => Assert.NotEqual(collectorId, FunctionBehind(route.Value)));
        Assert.DoesNotContain(RoutesByKey().Keys, key => key.Contains("/events"));
    }

    // Limits per route (requests/s, burst), written out from docs/deploy.md's table.
    public static TheoryData<string, double, int> DocumentedRouteLimits => new()
    {
        { "GET /", 5, 10 },
        { "GET /metric/{type}/{symbol}", 5, 10 },
        { "GET /assets/{file}", 10, 20 },
        { "GET /docs", 1, 5 },
        { "GET /assets/docs/{file}", 2, 10 },
        { "GET /openapi/v1.json", 2, 5 },
        { "GET /v1/metrics", 10, 20 },
        { "GET /v1/metrics/{type}/{symbol}", 10, 20 },
        { "GET /v1/metrics/{type}/{symbol}/history", 10, 20 },
        { "GET /v1/metrics/{type}/{symbol}/rank", 5, 10 },
        { "GET /v1/metrics/{type}/{symbol}/markets", 5, 10 },
        { "GET /v1/rankings/{type}", 5, 10 },
        { "GET /v1/alerts", 5, 10 },
        { "GET /v1/rules", 2, 5 },
        { "GET /v1/health", 2, 5 },
        { "POST /v1/subscriptions", 1, 5 },
        { "POST /v1/subscriptions/confirm", 1, 5 },
        { "GET /v1/subscriptions/options", 5, 10 },
        { "DELETE /v1/subscriptions", 1, 5 },
    };

    private static JsonNode StageOf(SynthesizedStack s) => s.ResourcesOfType("AWS::ApiGatewayV2::Stage").Single().Resource["Properties"]!;

    [Fact]
    public void DefaultStage_AutoDeploys_AndUnlistedRoutesGetAlmostNothing()
    {
        var stage = StageOf(stack);
        Assert.Equal("$default", (string?)stage["StageName"]);
        Assert.True((bool)stage["AutoDeploy"]!);
        Assert.Equal(1, (double)stage["DefaultRouteSettings"]!["ThrottlingRateLimit"]!);
        Assert.Equal(1, (int)stage["DefaultRouteSettings"]!["ThrottlingBurstLimit"]!);
    }

    [Fact]
    public void EveryRoute_HasItsOwnThrottle_AndNoThrottleNamesAMissingRoute()
    {
        var settings = StageOf(stack)["RouteSettings"]!.AsObject();
        Assert.Equal(RoutesByKey().Keys.Order(), settings.Select(s => s.Key).Order());
    }

    [Theory]
    [MemberData(nameof(DocumentedRouteLimits))]
    public void Route_IsThrottledAsDocumented(string routeKey, double rate, int burst)
    {
        var setting = StageOf(stack)["RouteSettings"]![routeKey]!;
        Assert.Equal(rate, (double)setting["ThrottlingRateLimit"]!);
        Assert.Equal(burst, (int)setting["ThrottlingBurstLimit"]!);
    }

    [Fact]
    public void WholeApi_Accepts87RequestsPerSecond_AndABurstOf195()
    {
        // The documented budget: 5+5+10+1+2+2+10+10+10+5+5+5+5+2+2+1+1+1+5 = 87 req/s;
        // bursts 10+10+20+5+10+5+20+20+20+10+10+10+10+5+5+5+5+5+10 = 195.
        var settings = StageOf(stack)["RouteSettings"]!.AsObject();
        Assert.Equal(87, settings.Sum(s => (double)s.Value!["ThrottlingRateLimit"]!));
        Assert.Equal(195, settings.Sum(s => (int)s.Value!["ThrottlingBurstLimit"]!));
        Assert.Equal(87, RouteThrottles.TotalRate);
        Assert.Equal(195, RouteThrottles.TotalBurst);
    }

    [Fact]
    public void ThrottleScale_MultipliesEveryRoute_RoundingBurstsUp()
    {
        var settings = StageOf(configured)["RouteSettings"]!;
        Assert.Equal(5, (double)settings["GET /v1/metrics"]!["ThrottlingRateLimit"]!);
        Assert.Equal(10, (int)settings["GET /v1/metrics"]!["ThrottlingBurstLimit"]!);
        Assert.Equal(0.5, (double)settings["GET /docs"]!["ThrottlingRateLimit"]!);
        Assert.Equal(3, (int)settings["GET /docs"]!["ThrottlingBurstLimit"]!); // 5 × 0.5 = 2.5 → 3
        Assert.Equal(3, (int)settings["POST /v1/subscriptions"]!["ThrottlingBurstLimit"]!); // 5 × 0.5 = 2.5 → 3
    }

    [Fact]
    public void Stage_WritesAJsonAccessLog_KeptForTwoWeeks()
    {
        var access = StageOf(stack)["AccessLogSettings"]!;
        var logGroupId = (string)access["DestinationArn"]!["Fn::GetAtt"]![0]!;
        Assert.Equal("AWS::Logs::LogGroup", (string?)stack.Json["Resources"]![logGroupId]!["Type"]);
        Assert.Equal(14, (int)stack.Properties(logGroupId)["RetentionInDays"]!);

        var format = JsonNode.Parse((string)access["Format"]!)!.AsObject();
        Assert.Equal("$context.requestId", (string?)format["requestId"]);
        Assert.Equal("$context.identity.sourceIp", (string?)format["ip"]);
        Assert.Equal("$context.routeKey", (string?)format["routeKey"]);
        Assert.Equal("$context.status", (string?)format["status"]);
        Assert.Equal("$context.requestTime", (string?)format["requestTime"]);
        // Nothing a subscriber sends (query strings, bodies) is logged.
        Assert.All(format, f => Assert.StartsWith("$context.", (string?)f.Value));
    }

    [Fact]
    public void Stage_IsCreatedAfterTheRoutesItsSettingsName()
    {
        var stageId = stack.ResourcesOfType("AWS::ApiGatewayV2::Stage").Single().LogicalId;
        var dependsOn = SynthesizedStack.Strings(stack.Json["Resources"]![stageId]!["DependsOn"]);
        Assert.All(stack.ResourcesOfType("AWS::ApiGatewayV2::Route"), r => Assert.Contains(r.LogicalId, dependsOn));
    }

    [Fact]
    public void Cors_AllowsGetFromAnyOrigin()
    {
        var cors = stack.ResourcesOfType("AWS::ApiGatewayV2::Api").Single().Resource["Properties"]!["CorsConfiguration"]!;
        Assert.Equal(["*"], SynthesizedStack.Strings(cors["AllowOrigins"]));
        Assert.Equal(["GET"], SynthesizedStack.Strings(cors["AllowMethods"]));
    }
}
