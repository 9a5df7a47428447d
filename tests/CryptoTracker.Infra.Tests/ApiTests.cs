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

    [Theory]
    [InlineData("POST /v1/subscriptions", 1, 5)]
    [InlineData("DELETE /v1/subscriptions", 1, 5)]
    [InlineData("POST /v1/subscriptions/confirm", 1, 5)]
    [InlineData("GET /v1/subscriptions/options", 5, 10)]
    public void SubscriptionRoutes_HaveTheirOwnThrottle_InBothStacks(string routeKey, double rate, int burst)
    {
        foreach (var s in new SynthesizedStack[] { stack, configured })
        {
            var (stageId, stage) = s.ResourcesOfType("AWS::ApiGatewayV2::Stage").Single();
            var settings = stage["Properties"]!["RouteSettings"]![routeKey]!;
            Assert.Equal(rate, (double)settings["ThrottlingRateLimit"]!);
            Assert.Equal(burst, (int)settings["ThrottlingBurstLimit"]!);
            // CloudFormation must create the route before the stage that names it.
            var routeId = s.ResourcesOfType("AWS::ApiGatewayV2::Route").Single(r => (string?)r.Resource["Properties"]!["RouteKey"] == routeKey).LogicalId;
            Assert.Contains(routeId, SynthesizedStack.Strings(stage["DependsOn"]));
        }
    }

    [Fact]
    public void OnlySubscriptionRoutes_HaveRouteThrottles()
    {
        var stage = stack.ResourcesOfType("AWS::ApiGatewayV2::Stage").Single().Resource["Properties"]!;
        Assert.Equal(SubscriptionRoutes.Order(), stage["RouteSettings"]!.AsObject().Select(p => p.Key).Order());
    }

    [Fact]
    public void DefaultStage_AutoDeploys_WithDefaultThrottling()
    {
        var stage = stack.ResourcesOfType("AWS::ApiGatewayV2::Stage").Single().Resource["Properties"]!;
        Assert.Equal("$default", (string?)stage["StageName"]);
        Assert.True((bool)stage["AutoDeploy"]!);
        Assert.Equal(50, (double)stage["DefaultRouteSettings"]!["ThrottlingRateLimit"]!);
        Assert.Equal(100, (int)stage["DefaultRouteSettings"]!["ThrottlingBurstLimit"]!);
    }

    [Fact]
    public void Throttling_FollowsContext()
    {
        var stage = configured.ResourcesOfType("AWS::ApiGatewayV2::Stage").Single().Resource["Properties"]!;
        Assert.Equal(5, (double)stage["DefaultRouteSettings"]!["ThrottlingRateLimit"]!);
        Assert.Equal(10, (int)stage["DefaultRouteSettings"]!["ThrottlingBurstLimit"]!);
    }

    [Fact]
    public void Cors_AllowsGetFromAnyOrigin()
    {
        var cors = stack.ResourcesOfType("AWS::ApiGatewayV2::Api").Single().Resource["Properties"]!["CorsConfiguration"]!;
        Assert.Equal(["*"], SynthesizedStack.Strings(cors["AllowOrigins"]));
        Assert.Equal(["GET"], SynthesizedStack.Strings(cors["AllowMethods"]));
    }
}
