using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.SQS;
using Constructs;

namespace CryptoTracker.Infra;

/// <summary>
/// One collector tick a minute. A tick that cannot be delivered is retried briefly and then parked
/// in a dead-letter queue: a tick older than two minutes is worthless (the next one already ran),
/// but the queue shows that ticks are being lost.
/// </summary>
public sealed class CollectorSchedule : Construct
{
    public Rule Rule { get; }

    public Queue DeadLetterQueue { get; }

    public CollectorSchedule(Construct scope, string id, IFunction collector) : base(scope, id)
    {
        DeadLetterQueue = new Queue(this, "DeadLetters", new QueueProps
        {
            Encryption = QueueEncryption.SQS_MANAGED,
            RetentionPeriod = Duration.Days(14),
        });

        Rule = new Rule(this, "EveryMinute", new RuleProps
        {
            Description = "CryptoTracker collector tick",
            Schedule = Schedule.Rate(Duration.Minutes(1)),
        });

        Rule.AddTarget(new LambdaFunction(collector, new LambdaFunctionProps
        {
            RetryAttempts = 2,
            MaxEventAge = Duration.Minutes(2),
            DeadLetterQueue = DeadLetterQueue,
        }));
    }
}
