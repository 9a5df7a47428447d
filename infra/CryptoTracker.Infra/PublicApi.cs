using Amazon.CDK;
using Amazon.CDK.AWS.Apigatewayv2;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AwsApigatewayv2Integrations;
using Constructs;
using HttpMethod = Amazon.CDK.AWS.Apigatewayv2.HttpMethod;

namespace CryptoTracker.Infra;

/// <summary>
/// The HTTP API. Every route is listed: there is no $default route and no {proxy+}, so a path the
/// app does not serve is answered 404 by API Gateway without invoking (or paying for) a Lambda,
/// and the collector — including its /events path — is unreachable from the internet.
/// </summary>
public sealed class PublicApi : Construct
{
    /// <summary>Read-only pages and JSON served by the api function.</summary>
    public static readonly IReadOnlyList<string> ApiGetPaths =
    [
        "/",
        "/docs",
        "/openapi/v1.json",
        "/assets/{file}",
        "/assets/docs/{file}",
        "/metric/{type}/{symbol}",
        "/v1/health",
        "/v1/metrics",
        "/v1/metrics/{type}/{symbol}",
        "/v1/metrics/{type}/{symbol}/history",
        "/v1/metrics/{type}/{symbol}/rank",
        "/v1/metrics/{type}/{symbol}/markets",
        "/v1/rankings/{type}",
        "/v1/alerts",
    ];

    public const string SubscriptionsPath = "/v1/subscriptions";

    /// <summary>
    /// The subscription routes and their own throttles (requests/s, burst), far below the stage's: they cost SNS calls and
    /// store writes, and nobody needs to subscribe often. The app also limits per client and per address in the store.
    /// </summary>
    public static readonly IReadOnlyList<(HttpMethod Method, string Path, double Rate, int Burst)> SubscriptionRoutes =
    [
        (HttpMethod.POST, SubscriptionsPath, 1, 5),
        (HttpMethod.DELETE, SubscriptionsPath, 1, 5),
        (HttpMethod.POST, SubscriptionsPath + "/confirm", 1, 5),
        (HttpMethod.GET, SubscriptionsPath + "/options", 5, 10),
    ];

    public HttpApi HttpApi { get; }

    public HttpStage Stage { get; }

    /// <summary>Base URL without a trailing slash, e.g. https://abc123.execute-api.us-east-1.amazonaws.com.</summary>
    public string Url => HttpApi.ApiEndpoint;

    public PublicApi(Construct scope, string id, IFunction api, IFunction subscriptions, double throttleRate, int throttleBurst)
        : base(scope, id)
    {
        HttpApi = new HttpApi(this, "HttpApi", new HttpApiProps
        {
            ApiName = "CryptoTracker",
            Description = "CryptoTracker public API and dashboard",
            // The stage is created below so that it can carry throttling, which HttpApiProps lacks in CDK 2.160.
            CreateDefaultStage = false,
            CorsPreflight = new CorsPreflightOptions
            {
                // Public market data: any page may read it. Writes stay same-origin (the dashboard).
                AllowOrigins = ["*"],
                AllowMethods = [CorsHttpMethod.GET],
                MaxAge = Duration.Days(1),
            },
        });

        Stage = new HttpStage(this, "DefaultStage", new HttpStageProps
        {
            HttpApi = HttpApi,
            StageName = "$default",
            AutoDeploy = true,
            // Caps what a flood of requests can cost: beyond this API Gateway answers 429 without invoking Lambda.
            Throttle = new ThrottleSettings { RateLimit = throttleRate, BurstLimit = throttleBurst },
        });

        var apiIntegration = new HttpLambdaIntegration("ApiIntegration", api);
        foreach (var path in ApiGetPaths)
        {
            HttpApi.AddRoutes(new AddRoutesOptions
            {
                Path = path,
                Methods = [HttpMethod.GET],
                Integration = apiIntegration,
            });
        }

        var subscriptionsIntegration = new HttpLambdaIntegration("SubscriptionsIntegration", subscriptions);
        var stage = (CfnStage)Stage.Node.DefaultChild!;
        foreach (var (method, path, rate, burst) in SubscriptionRoutes)
        {
            foreach (var route in HttpApi.AddRoutes(new AddRoutesOptions { Path = path, Methods = [method], Integration = subscriptionsIntegration }))
            {
                // Route settings name existing routes: the stage is created after them.
                Stage.Node.AddDependency(route);
            }
            stage.AddPropertyOverride($"RouteSettings.{method} {path}", new Dictionary<string, object>
            {
                ["ThrottlingRateLimit"] = rate,
                ["ThrottlingBurstLimit"] = burst,
            });
        }
    }
}
