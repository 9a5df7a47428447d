using CryptoTracker.Core.Operations;
using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SQS;
using Constructs;

namespace CryptoTracker.Infra;

/// <summary>
/// Alarms that page the operations topic. The one that matters most is "collector not running":
/// a tracker that silently stops collecting shows stale prices as if they were current.
/// </summary>
public sealed class Monitoring : Construct
{
    private static readonly Duration Window = Duration.Minutes(5);

    public Alarm CollectorErrors { get; }

    public Alarm CollectorNotRunning { get; }

    public Alarm CollectorDeadLetters { get; }

    public Alarm DataStale { get; }

    public Alarm Api5xx { get; }

    public Monitoring(Construct scope, string id, MonitoringProps props) : base(scope, id)
    {
        var action = new SnsAction(props.OperationsTopic);

        var sum = new MetricOptions { Period = Window, Statistic = Stats.SUM };

        CollectorErrors = AtLeastOne("CollectorErrors", "The collector failed at least once in 5 minutes.",
            props.Collector.MetricErrors(sum));

        CollectorNotRunning = NoneIn5Minutes("CollectorNotRunning",
            "The collector was not invoked for 5 minutes: prices on the dashboard are going stale.",
            props.Collector.MetricInvocations(sum));

        // Messages *sent* in the window, not messages visible: parked ticks stay visible for the queue's 14 days, so an
        // alarm on visible messages would fire once and never again for later losses. EventBridge calls SendMessage,
        // which NumberOfMessagesSent counts (it does not count SQS's own redrive, which this queue never receives).
        CollectorDeadLetters = AtLeastOne("CollectorDeadLetters",
            "Scheduled collector ticks could not be delivered and were dead-lettered in the last 5 minutes (see docs/deploy.md to inspect and purge the queue).",
            props.DeadLetterQueue.MetricNumberOfMessagesSent(sum));

        // Invoked is not enough: with the exchange down every tick still runs and completes, and the data goes stale.
        // The collector writes one Embedded Metric Format record per tick that fetched and stored data.
        DataStale = NoneIn5Minutes("DataStale",
            "No successful collector tick (data fetched and stored) for 5 minutes: the dashboard shows stale prices.",
            new Metric(new MetricProps
            {
                Namespace = DeploymentContract.MetricsNamespace,
                MetricName = DeploymentContract.SuccessfulTicksMetric,
                DimensionsMap = new Dictionary<string, string> { [DeploymentContract.ServiceDimension] = DeploymentContract.CollectorService },
                Period = Window,
                Statistic = Stats.SUM,
            }));

        // HttpApi.MetricServerError is AWS/ApiGateway "5xx" with the ApiId dimension.
        Api5xx = AtLeastOne("Api5xx", "The HTTP API returned at least one 5xx in 5 minutes.", props.HttpApi.MetricServerError(sum));

        foreach (var alarm in new[] { CollectorErrors, CollectorNotRunning, CollectorDeadLetters, DataStale, Api5xx })
        {
            alarm.AddAlarmAction(action);
            // Recovery is news too: whoever was paged learns that the service came back.
            alarm.AddOkAction(action);
        }
    }

    /// <summary>Fires on any datapoint ≥ 1 in the window; no data is fine (nothing failed).</summary>
    private Alarm AtLeastOne(string id, string description, IMetric metric) => new(this, id, new AlarmProps
    {
        AlarmDescription = description,
        Metric = metric,
        ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        Threshold = 1,
        EvaluationPeriods = 1,
        TreatMissingData = TreatMissingData.NOT_BREACHING,
    });

    /// <summary>Fires when nothing was counted in the window; no datapoints at all is exactly that failure.</summary>
    private Alarm NoneIn5Minutes(string id, string description, IMetric metric) => new(this, id, new AlarmProps
    {
        AlarmDescription = description,
        Metric = metric,
        ComparisonOperator = ComparisonOperator.LESS_THAN_THRESHOLD,
        Threshold = 1,
        EvaluationPeriods = 1,
        TreatMissingData = TreatMissingData.BREACHING,
    });
}
