using Amazon.CDK;
using Amazon.CDK.AWS.Apigatewayv2;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AwsApigatewayv2Integrations;
using Constructs;
using HttpMethod = Amazon.CDK.AWS.Apigatewayv2.HttpMethod;

namespace CryptoTracker.Infra;

/// <summary>
/// The HTTP API. Every route is listed (<see cref="RouteThrottles"/>): there is no $default route and no {proxy+},
/// so a path the app does not serve is answered 404 by API Gateway without invoking (or paying for) a Lambda, and the
/// collector — including its /events path — is unreachable from the internet. Each route carries its own throttle,
/// and every request is written to a JSON access log.
/// </summary>
public sealed class PublicApi : Construct
{
    /// <summary>
    /// One JSON object per request. Only API Gateway's context: no query strings, bodies or headers other than the
    /// user agent, so a subscriber's address never reaches the log.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> AccessLogFields = new Dictionary<string, string>
    {
        ["requestId"] = "$context.requestId",
        ["requestTime"] = "$context.requestTime",
        ["ip"] = "$context.identity.sourceIp",
        ["userAgent"] = "$context.identity.userAgent",
        ["routeKey"] = "$context.routeKey",
        ["path"] = "$context.path",
        ["status"] = "$context.status",
        ["responseLength"] = "$context.responseLength",
        ["responseLatency"] = "$context.responseLatency",
        ["integrationLatency"] = "$context.integrationLatency",
        ["integrationError"] = "$context.integrationErrorMessage",
    };

    public HttpApi HttpApi { get; }

    public HttpStage Stage { get; }

    public LogGroup AccessLogs { get; }

    /// <summary>Base URL without a trailing slash, e.g. https://abc123.execute-api.us-east-1.amazonaws.com.</summary>
    public string Url => HttpApi.ApiEndpoint;

    public PublicApi(Construct scope, string id, IFunction api, IFunction subscriptions, double throttleScale)
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

        var (fallbackRate, fallbackBurst) = RouteThrottles.Scaled(RouteThrottles.Fallback, 1);
        Stage = new HttpStage(this, "DefaultStage", new HttpStageProps
        {
            HttpApi = HttpApi,
            StageName = "$default",
            AutoDeploy = true,
            Throttle = new ThrottleSettings { RateLimit = fallbackRate, BurstLimit = fallbackBurst },
        });

        AccessLogs = new LogGroup(this, "AccessLogs", new LogGroupProps
        {
            Retention = RetentionDays.TWO_WEEKS,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });

        var integrations = new Dictionary<RouteTarget, HttpLambdaIntegration>
        {
            [RouteTarget.Api] = new("ApiIntegration", api),
            [RouteTarget.Subscriptions] = new("SubscriptionsIntegration", subscriptions),
        };
        var routeSettings = new Dictionary<string, object>();
        foreach (var route in RouteThrottles.All)
        {
            HttpApi.AddRoutes(new AddRoutesOptions
            {
                Path = route.Path,
                Methods = [Enum.Parse<HttpMethod>(route.Method)],
                Integration = integrations[route.Target],
            });
            var (rate, burst) = RouteThrottles.Scaled(route, throttleScale);
            // RouteSettings is free-form JSON in the CloudFormation schema: the keys are written as CloudFormation spells them.
            routeSettings[route.RouteKey] = new Dictionary<string, object>
            {
                ["ThrottlingRateLimit"] = rate,
                ["ThrottlingBurstLimit"] = burst,
            };
        }

        var cfnStage = (CfnStage)Stage.Node.DefaultChild!;
        cfnStage.RouteSettings = routeSettings;
        cfnStage.AccessLogSettings = new CfnStage.AccessLogSettingsProperty
        {
            DestinationArn = AccessLogs.LogGroupArn,
            Format = System.Text.Json.JsonSerializer.Serialize(AccessLogFields, InfraJson.Default.IReadOnlyDictionaryStringString),
        };
        // The stage's route settings name routes by key: they must exist before the stage is updated.
        foreach (var child in HttpApi.Node.Children.OfType<HttpRoute>())
        {
            Stage.Node.AddDependency(child);
        }
    }
}
