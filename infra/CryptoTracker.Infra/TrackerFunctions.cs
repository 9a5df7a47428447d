using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SNS;
using Constructs;
using CryptoTracker.Core.Operations;

namespace CryptoTracker.Infra;

/// <summary>
/// Three Lambda functions from one published ASP.NET Core artifact. The app picks its behaviour
/// from <c>Tracker__Role</c>; each function gets its own role holding only the actions that
/// behaviour needs, written out as explicit statements so the boundary is readable in one place.
/// </summary>
public sealed class TrackerFunctions : Construct
{
    /// <summary>
    /// AWS Lambda Web Adapter: runs the web app unchanged and turns Lambda events into HTTP. Its layers are published
    /// by this account in the commercial regions, and by one account per region in the two China regions.
    /// </summary>
    public const string WebAdapterLayerAccount = "753240598075";

    public static readonly IReadOnlyDictionary<string, string> WebAdapterLayerAccountsByRegion = new Dictionary<string, string>
    {
        ["cn-north-1"] = "041581134020",
        ["cn-northwest-1"] = "069767869989",
    };

    public const string AppPort = "8080";
    public const string HealthPath = "/v1/health";

    /// <summary>
    /// What each role's code calls, written out here so the boundary reads in one place. The adapters keep the same
    /// lists next to the calls (DynamoDbActions, SnsActions); the infra tests check that both agree.
    /// </summary>
    public static class Actions
    {
        public static readonly string[] TableWriter =
            ["dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"];

        public static readonly string[] TableReader = ["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:Query"];

        /// <summary>The subscription ledger's writes, granted only on items whose key starts with SUBSCRIPTIONS#.</summary>
        public static readonly string[] SubscriptionLedgerWriter = ["dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"];

        public static readonly string[] AlertPublisher = ["sns:Publish"];

        public static readonly string[] SubscriptionManager = ["sns:Subscribe", "sns:Unsubscribe"];

        public static readonly string[] Logging = ["logs:CreateLogStream", "logs:PutLogEvents"];
    }

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
        var stack = Stack.Of(this);
        var layer = LayerVersion.FromLayerVersionArn(this, "WebAdapterLayer", WebAdapterLayerArn(stack, props.Architecture, props.AdapterLayerVersion));
        var table = props.Table;
        var alerts = props.AlertTopic;
        var common = new FunctionBasics(props.Code, layer, table, props.Architecture);

        Collector = CreateFunction("Collector", DeploymentContract.Roles.Collector, common, alerts,
            memoryMb: 1024, timeout: Duration.Seconds(55),
            extraEnvironment: props.CollectorEnvironment,
            statements:
            [
                Allow(table.TableArn, Actions.TableWriter),
                Allow(alerts.TopicArn, Actions.AlertPublisher),
            ],
            // One tick at a time: the store assumes a single writer (overlapping ticks could leave orphaned summary
            // chunks). A tick that finds the collector busy is throttled and retried by Lambda's async queue within
            // the event's 2 minutes, then dropped — the next tick is already due.
            reservedConcurrency: props.ReserveCollectorConcurrency ? 1 : null);

        // A failed tick is not retried by Lambda: exchanges only report current prices, so a retry
        // cannot recover the missed minute and would only overlap the next scheduled tick.
        // (EventBridge's own retries, for ticks it could not deliver, are set on the schedule.)
        Collector.ConfigureAsyncInvoke(new EventInvokeConfigOptions
        {
            RetryAttempts = 0,
            MaxEventAge = Duration.Minutes(2),
        });

        Api = CreateFunction("Api", DeploymentContract.Roles.Api, common, alertTopic: null,
            memoryMb: 1024, timeout: Duration.Seconds(10),
            extraEnvironment: null,
            statements:
            [
                // Read-only: the public API can never change stored data.
                Allow(table.TableArn, Actions.TableReader),
            ]);

        Subscriptions = CreateFunction("Subscriptions", DeploymentContract.Roles.Subscriptions, common, alerts,
            memoryMb: 512, timeout: Duration.Seconds(10),
            extraEnvironment: new Dictionary<string, string>
            {
                // Behind API Gateway every request comes from the gateway; the client's address is the last
                // X-Forwarded-For entry, which the per-client rate limit must key on.
                [DeploymentContract.Environment.TrustForwardedFor] = "true",
            },
            statements:
            [
                // SNS authorizes Subscribe and Unsubscribe against the topic (Unsubscribe's subscription ARN names it).
                Allow(alerts.TopicArn, Actions.SubscriptionManager),
                // Reads only, to check that a requested metric exists.
                Allow(table.TableArn, Actions.TableReader),
                // The subscription ledger (limits, pending codes, the subscriber count): writes only to items whose
                // partition key starts with SUBSCRIPTIONS#, never to the metric data.
                new PolicyStatement(new PolicyStatementProps
                {
                    Effect = Effect.ALLOW,
                    Actions = [.. Actions.SubscriptionLedgerWriter],
                    Resources = [table.TableArn],
                    Conditions = new Dictionary<string, object>
                    {
                        ["ForAllValues:StringLike"] = new Dictionary<string, object> { ["dynamodb:LeadingKeys"] = new[] { "SUBSCRIPTIONS#*" } },
                    },
                }),
            ]);
    }

    /// <summary>
    /// The Web Adapter layer in the stack's partition and region (both resolved at deploy time: the stack is
    /// environment-agnostic). docs/deploy.md lists where the layer and the dotnet10 runtime exist.
    /// </summary>
    public string WebAdapterLayerArn(Stack stack, CpuArchitecture architecture, int version)
    {
        var account = WebAdapterLayerAccount;
        foreach (var (region, regionAccount) in WebAdapterLayerAccountsByRegion.Reverse())
        {
            var condition = new CfnCondition(this, $"In{region.Replace("-", "", StringComparison.Ordinal)}", new CfnConditionProps
            {
                Expression = Fn.ConditionEquals(stack.Region, region),
            });
            // IResolvable.ToString() is the token's string form (Token.AsString cannot take this proxy type across jsii).
            IResolvable choice = Fn.ConditionIf(condition.LogicalId, regionAccount, account);
            account = choice.ToString()!;
        }

        return $"arn:{stack.Partition}:lambda:{stack.Region}:{account}:layer:{architecture.AdapterLayerName}:{version}";
    }

    private sealed record FunctionBasics(Code Code, ILayerVersion Layer, ITable Table, CpuArchitecture Architecture);

    private Function CreateFunction(
        string id,
        string role,
        FunctionBasics basics,
        ITopic? alertTopic,
        int memoryMb,
        Duration timeout,
        IDictionary<string, string>? extraEnvironment,
        PolicyStatement[] statements,
        double? reservedConcurrency = null)
    {
        var table = basics.Table;
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
        executionRole.AddToPolicy(Allow(logGroup.LogGroupArn, Actions.Logging));
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
            [DeploymentContract.Environment.Role] = role,
            [DeploymentContract.Environment.Store] = DeploymentContract.DynamoDbStore,
            [DeploymentContract.Environment.DynamoDbTable] = table.TableName,
        };
        if (alertTopic is not null)
        {
            environment[DeploymentContract.Environment.SnsTopicArn] = alertTopic.TopicArn;
        }

        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return new Function(this, id, new FunctionProps
        {
            Description = $"CryptoTracker {role}",
            Runtime = DotNet10,
            Architecture = basics.Architecture.LambdaArchitecture,
            Handler = AppPublish.RunScriptName,
            Code = basics.Code,
            Layers = [basics.Layer],
            ReservedConcurrentExecutions = reservedConcurrency,
            MemorySize = memoryMb,
            Timeout = timeout,
            Role = executionRole,
            LogGroup = logGroup,
            Environment = environment,
        });
    }

    private static PolicyStatement Allow(string resource, string[] actions) => new(new PolicyStatementProps
    {
        Effect = Effect.ALLOW,
        Actions = actions,
        Resources = [resource],
    });
}
