using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;
using Constructs;

namespace CryptoTracker.Infra;

/// <summary>
/// Two topics with different audiences: <see cref="Alerts"/> carries market alerts to users,
/// <see cref="Operations"/> carries CloudWatch alarms to whoever runs the service.
/// </summary>
public sealed class AlertTopics : Construct
{
    public Topic Alerts { get; }

    public Topic Operations { get; }

    public AlertTopics(Construct scope, string id, string? alertEmail, string? opsEmail) : base(scope, id)
    {
        Alerts = new Topic(this, "Alerts", new TopicProps { DisplayName = "CryptoTracker alerts" });
        Operations = new Topic(this, "Operations", new TopicProps { DisplayName = "CryptoTracker operations" });

        // Email subscriptions stay pending until the recipient clicks the confirmation link.
        if (alertEmail is not null)
        {
            Alerts.AddSubscription(new EmailSubscription(alertEmail));
        }

        if (opsEmail is not null)
        {
            Operations.AddSubscription(new EmailSubscription(opsEmail));
        }
    }
}
