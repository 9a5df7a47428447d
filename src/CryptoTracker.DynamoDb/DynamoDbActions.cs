namespace CryptoTracker.DynamoDb;

/// <summary>
/// The DynamoDB API actions <see cref="DynamoDbMetricStore"/> calls in AWS, per use: the IAM grants of the deployed
/// functions must be exactly these (the infra tests compare them with the template, the store tests with the calls
/// the store really makes). Table creation (DescribeTable, CreateTable) happens only against a local endpoint.
/// </summary>
public static class DynamoDbActions
{
    /// <summary>The collector: loads, commits ticks, marks alerts published, and reads like any reader.</summary>
    public static readonly IReadOnlyList<string> Writer =
        ["dynamodb:BatchWriteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"];

    /// <summary>Summaries, history, alerts and status: what the api and subscriptions functions read.</summary>
    public static readonly IReadOnlyList<string> Reader = ["dynamodb:GetItem", "dynamodb:Query"];
}
