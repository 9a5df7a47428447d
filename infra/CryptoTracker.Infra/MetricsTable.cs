using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Constructs;
using Attribute = Amazon.CDK.AWS.DynamoDB.Attribute;

namespace CryptoTracker.Infra;

/// <summary>
/// The single-table store: points, summaries and subscriptions all live under pk/sk.
/// </summary>
public sealed class MetricsTable : Construct
{
    public Table Table { get; }

    public MetricsTable(Construct scope, string id, bool destroyData) : base(scope, id)
    {
        Table = new Table(this, "Table", new TableProps
        {
            PartitionKey = new Attribute { Name = "pk", Type = AttributeType.STRING },
            SortKey = new Attribute { Name = "sk", Type = AttributeType.STRING },
            // Traffic is one small write burst a minute plus bursty reads: on-demand costs cents and never throttles.
            BillingMode = BillingMode.PAY_PER_REQUEST,
            // Minute points expire on their own; the app still filters expiresAt > now because DynamoDB
            // deletes expired items only "within a few days".
            TimeToLiveAttribute = "expiresAt",
            PointInTimeRecovery = true,
            // RETAIN by default: the table holds the price history the dashboard is built on and the
            // alert subscriptions users created; a mistaken `cdk destroy` or a stack rename must not
            // wipe them. Throw-away stacks opt in to DESTROY with `-c destroyData=true`.
            RemovalPolicy = destroyData ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
        });
    }
}
