using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SNS;
using Constructs;

namespace CryptoTracker.Infra;

/// <summary>
/// Three Lambda functions from one published ASP.NET Core artifact. The app picks its behaviour
/// from <c>Tracker__Role</c>; each function gets its own role holding only the actions that
/// behaviour needs, written out as explicit statements so the boundary is readable in one place.
/// </summary>
public sealed class TrackerFunctions : Construct
{
    /// <summary>AWS Lambda Web Adapter: runs the web app unchanged and turns Lambda events into HTTP.</summary>
    public const string WebAdapterLayerAccount = "753240598075";
    public const string WebAdapterLayerName = "LambdaAdapterLayerX86";
    public const int WebAdapterLayerVersion = 25;

    public const string AppPort = "8080";
    public const string HealthPath = "/v1/health";
    public const string EventsPath = "/events";

    /// <summary>
    /// No managed dotnet10 constant exists in CDK 2.160, so the runtime is named directly.
    /// SnapStart stays off: see docs/deploy.md.
    /// </summary>
    public static readonly Runtime DotNet10 = new("dotnet10", RuntimeFamily.DOTNET_CORE);

    public Function Collector { get; }

    public Function Api { get; }

    public Function Subscriptions { get; }

    public TrackerFunctions(Construct scope, string id, TrackerFunctionsProps props) : base(scope, id)
    {
        var code = Code.FromAsset(props.ArtifactDirectory);
        var layer = LayerVersion.FromLayerVersionArn(this, "WebAdapterLayer",
            $"arn:aws:lambda:{Stack.Of(this).Region}:{WebAdapterLayerAccount}:layer:{WebAdapterLayerName}:{WebAdapterLayerVersion}");
        var table = props.Table;
        var alerts = props.AlertTopic;

        Collector = CreateFunction("Collector", "collector", code, layer, table, alerts,
            memoryMb: 1024, timeout: Duration.Seconds(55),
            extraEnvironment: new Dictionary<string, string>
            {
                // The schedule's events are not HTTP requests; the adapter posts them to this path.
                ["AWS_LWA_PASS_THROUGH_PATH"] = EventsPath,
                // The adapter reports every HTTP answer as success unless told otherwise: without this a
                // failed tick (500 from /events) would never reach the Errors metric and its alarm.
                ["AWS_LWA_ERROR_STATUS_CODES"] = "500-599",
                // One Embedded Metric Format line per successful tick: the stale-data alarm watches it.
                ["Tracker__Collector__EmitMetrics"] = "true",
            },
            statements:
            [
                Allow(table.TableArn,
                    "dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem",
                    "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem", "dynamodb:DescribeTable"),
                Allow(alerts.TopicArn, "sns:Publish"),
            ]);

        // A failed tick is not retried by Lambda: exchanges only report current prices, so a retry
        // cannot recover the missed minute and would only overlap the next scheduled tick.
        // (EventBridge's own retries, for ticks it could not deliver, are set on the schedule.)
        Collector.ConfigureAsyncInvoke(new EventInvokeConfigOptions
        {
            RetryAttempts = 0,
            MaxEventAge = Duration.Minutes(2),
        });

        Api = CreateFunction("Api", "api", code, layer, table, alertTopic: null,
            memoryMb: 1024, timeout: Duration.Seconds(10),
            extraEnvironment: null,
            statements:
            [
                // Read-only: the public API can never change stored data.
                Allow(table.TableArn, "dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem"),
            ]);

        Subscriptions = CreateFunction("Subscriptions", "subscriptions", code, layer, table, alerts,
            memoryMb: 512, timeout: Duration.Seconds(10),
            extraEnvironment: new Dictionary<string, string>
            {
                // Behind API Gateway every request comes from the gateway; the client's address is the last
                // X-Forwarded-For entry, which the per-client rate limit must key on.
                ["Tracker__Subscriptions__TrustForwardedFor"] = "true",
            },
            statements:
            [
                // Subscribe authorizes against the topic; Unsubscribe receives a subscription ARN
                // ("<topic arn>:<id>"), so both forms are listed — still only this topic.
                Allow([alerts.TopicArn, $"{alerts.TopicArn}:*"], "sns:Subscribe", "sns:Unsubscribe"),
                // Reads only, to check that a requested metric exists.
                Allow(table.TableArn, "dynamodb:GetItem", "dynamodb:Query"),
                // The subscription ledger (limits, pending codes, the subscriber count): writes only to items whose
                // partition key starts with SUBSCRIPTIONS#, never to the metric data.
                new PolicyStatement(new PolicyStatementProps
                {
                    Effect = Effect.ALLOW,
                    Actions = ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
                    Resources = [table.TableArn],
                    Conditions = new Dictionary<string, object>
                    {
                        ["ForAllValues:StringLike"] = new Dictionary<string, object> { ["dynamodb:LeadingKeys"] = new[] { "SUBSCRIPTIONS#*" } },
                    },
                }),
            ]);
    }

    private Function CreateFunction(
        string id,
        string role,
        Code code,
        ILayerVersion layer,
        ITable table,
        ITopic? alertTopic,
        int memoryMb,
        Duration timeout,
        IDictionary<string, string>? extraEnvironment,
        PolicyStatement[] statements)
    {
        var logGroup = new LogGroup(this, $"{id}Logs", new LogGroupProps
        {
            Retention = RetentionDays.TWO_WEEKS,
            // Logs are diagnostics, not data: they go with the stack.
            RemovalPolicy = RemovalPolicy.DESTROY,
        });

        // An explicit role instead of the default one: the default attaches AWSLambdaBasicExecutionRole,
        // whose log permissions cover every log group in the account.
        var executionRole = new Role(this, $"{id}Role", new RoleProps
        {
            AssumedBy = new ServicePrincipal("lambda.amazonaws.com"),
            Description = $"CryptoTracker {role} function",
        });
        executionRole.AddToPolicy(Allow(logGroup.LogGroupArn, "logs:CreateLogStream", "logs:PutLogEvents"));
        foreach (var statement in statements)
        {
            executionRole.AddToPolicy(statement);
        }

        var environment = new Dictionary<string, string>
        {
            ["AWS_LAMBDA_EXEC_WRAPPER"] = "/opt/bootstrap",
            ["AWS_LWA_PORT"] = AppPort,
            ["AWS_LWA_READINESS_CHECK_PATH"] = HealthPath,
            ["ASPNETCORE_URLS"] = $"http://0.0.0.0:{AppPort}",
            ["Tracker__Role"] = role,
            ["Tracker__Store"] = "dynamodb",
            ["Tracker__DynamoDb__Table"] = table.TableName,
        };
        if (alertTopic is not null)
        {
            environment["Tracker__Alerts__Sns__TopicArn"] = alertTopic.TopicArn;
        }

        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return new Function(this, id, new FunctionProps
        {
            Description = $"CryptoTracker {role}",
            Runtime = DotNet10,
            Architecture = Architecture.X86_64,
            Handler = "run.sh",
            Code = code,
            Layers = [layer],
            MemorySize = memoryMb,
            Timeout = timeout,
            Role = executionRole,
            LogGroup = logGroup,
            Environment = environment,
        });
    }

    private static PolicyStatement Allow(string resource, params string[] actions) => Allow([resource], actions);

    private static PolicyStatement Allow(string[] resources, params string[] actions) => new(new PolicyStatementProps
    {
        Effect = Effect.ALLOW,
        Actions = actions,
        Resources = resources,
    });
}

public sealed record TrackerFunctionsProps(string ArtifactDirectory, ITable Table, ITopic AlertTopic);
