namespace CryptoTracker.DynamoDb;

/// <summary>
/// The DynamoDB API actions <see cref="DynamoDbMetricStore"/> calls in AWS, per use: the IAM grants of the deployed
/// functions must be exactly these (the infra tests compare them with the template, the store tests with the calls
/// the store really makes). Table creation (DescribeTable, CreateTable) happens only against a local endpoint.
/// </summary>
public static class DynamoDbActions
{
    /// <summary>
    /// The collector: loads, commits ticks (BatchWriteItem also deletes leftover summary parts; BatchGetItem reads the
    /// chunks a late point joins), marks alerts published, and reads like any reader.
    /// </summary>
    public static readonly IReadOnlyList<string> Writer =
        ["dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"];

    /// <summary>Summaries, history (BatchGetItem: the status and the hour chunks), alerts and status: what the api and subscriptions functions read.</summary>
    public static readonly IReadOnlyList<string> Reader = ["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:Query"];

    /// <summary>
    /// <see cref="DynamoDbSubscriptionLedger"/>'s writes (its reads are <see cref="Reader"/>'s GetItem/Query): the stack grants
    /// them only on items whose partition key starts with SUBSCRIPTIONS#.
    /// </summary>
    public static readonly IReadOnlyList<string> SubscriptionLedgerWriter = ["dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"];
}
