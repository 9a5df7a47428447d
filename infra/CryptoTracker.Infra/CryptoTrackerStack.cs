using Amazon.CDK;
using Constructs;
using CryptoTracker.Core.Operations;

namespace CryptoTracker.Infra;

/// <summary>
/// CryptoTracker on AWS: a DynamoDB table, a collector on a one-minute schedule, a public HTTP API
/// and alerting over SNS. Settings come from CDK context (see cdk.json and docs/deploy.md).
/// </summary>
public sealed class CryptoTrackerStack : Stack
{
    public MetricsTable Table { get; }

    public AlertTopics Topics { get; }

    public TrackerFunctions Functions { get; }

    public CollectorSchedule Schedule { get; }

    public PublicApi Api { get; }

    public Monitoring Monitoring { get; }

    public SmsSafeguards Sms { get; }

    /// <param name="repositoryRoot">
    /// The checkout the functions' code is built from; by default the directory holding cdk.json above the current
    /// directory (cdk runs the app from the repository root).
    /// </param>
    public CryptoTrackerStack(Construct scope, string id, IStackProps? props = null, string? repositoryRoot = null)
        : base(scope, id, props)
    {
        var settings = InfraSettings.FromContext(this);
        var code = AppCode.Create(this, settings, repositoryRoot ?? AppCode.FindRepositoryRoot(Directory.GetCurrentDirectory()));

        Table = new MetricsTable(this, "Store", settings.DestroyData);
        Topics = new AlertTopics(this, "Topics", settings.AlertEmail, settings.OpsEmail);
        Functions = new TrackerFunctions(this, "Functions",
            new TrackerFunctionsProps(code, Table.Table, Topics.Alerts, settings.Architecture, settings.AdapterLayerVersion,
                settings.ReserveCollectorConcurrency, CollectorEnvironment.For(settings)));
        Schedule = new CollectorSchedule(this, "Schedule", Functions.Collector);
        Api = new PublicApi(this, "Api", Functions.Api, Functions.Subscriptions, settings.ThrottleScale);
        // Alert messages link to the metric's page on the deployed dashboard.
        Functions.Collector.AddEnvironment(DeploymentContract.Environment.PublicUrl, Api.Url);
        // The alert rules: evaluated by the collector, listed by the api (/v1/rules), offered by subscriptions.
        foreach (var (key, value) in AlertRulesContext.Environment(this))
        {
            Functions.Collector.AddEnvironment(key, value);
            Functions.Api.AddEnvironment(key, value);
            Functions.Subscriptions.AddEnvironment(key, value);
        }
        Sms = new SmsSafeguards(this, "Sms", Functions.Subscriptions, Topics.Operations, settings);
        // Receivers (webhook, chat, push, email) for the collector: -c receiversSecret=<secret> or -c receivers=<JSON>.
        AlertReceivers.Configure(this, Functions.Collector);
        Monitoring = new Monitoring(this, "Monitoring",
            new MonitoringProps(Functions.Collector, Api.HttpApi, Schedule.DeadLetterQueue, Topics.Operations));

        _ = new CfnOutput(this, "ApiUrl", new CfnOutputProps
        {
            Description = "Base URL of the HTTP API (append /v1/...)",
            Value = Api.Url,
        });
        _ = new CfnOutput(this, "DashboardUrl", new CfnOutputProps
        {
            Description = "The dashboard",
            Value = Fn.Join("", [Api.Url, "/"]),
        });
        _ = new CfnOutput(this, "AlertTopicArn", new CfnOutputProps
        {
            Description = "SNS topic that carries market alerts",
            Value = Topics.Alerts.TopicArn,
        });
        _ = new CfnOutput(this, "TableName", new CfnOutputProps
        {
            Description = "DynamoDB table",
            Value = Table.Table.TableName,
        });
    }
}
