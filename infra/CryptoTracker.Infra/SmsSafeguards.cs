using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.SNS;
using Constructs;
using CryptoTracker.Core.Operations;

namespace CryptoTracker.Infra;

/// <summary>
/// SMS subscriptions, only with <c>-c sms=true</c>: the subscriptions function is told SMS is on, may publish directly to
/// phone numbers (the confirmation code), and an alarm watches the month's SMS spend. Without the flag none of this exists,
/// and the role cannot send a single text.
/// </summary>
public sealed class SmsSafeguards : Construct
{
    public Alarm? SpendAlarm { get; }

    public SmsSafeguards(Construct scope, string id, Function subscriptions, ITopic operations, InfraSettings settings) : base(scope, id)
    {
        if (!settings.SmsEnabled) return;

        subscriptions.AddEnvironment(DeploymentContract.Environment.SmsEnabled, "true");
        if (settings.SmsPrefixes is { } prefixes) subscriptions.AddEnvironment(DeploymentContract.Environment.SmsAllowedPrefixes, prefixes);

        // A Publish straight to a phone number has no topic ARN to name: IAM evaluates it against "*". So the grant is
        // sns:Publish on *, and it exists only when SMS is on. (Alerts to SMS subscribers go through the topic, which
        // the collector publishes to; this is for the one-time codes.)
        subscriptions.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Effect = Effect.ALLOW,
            Actions = ["sns:Publish"],
            Resources = ["*"],
        }));

        SpendAlarm = new Alarm(this, "SmsSpend", new AlarmProps
        {
            AlarmDescription = $"SMS spend this month reached {settings.SmsSpendAlarmUsd:0.##} USD; SNS stops sending texts at the account's spend limit (docs/deploy.md).",
            Metric = new Metric(new MetricProps
            {
                Namespace = "AWS/SNS",
                MetricName = "SMSMonthToDateSpentUSD",
                Statistic = "Maximum",
                Period = Duration.Minutes(5),
            }),
            Threshold = settings.SmsSpendAlarmUsd,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            EvaluationPeriods = 1,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        });
        SpendAlarm.AddAlarmAction(new SnsAction(operations));
    }
}
