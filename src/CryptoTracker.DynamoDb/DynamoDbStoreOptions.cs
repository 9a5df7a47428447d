namespace CryptoTracker.DynamoDb;

/// <summary>The DynamoDB store's settings, bound from <c>Tracker:DynamoDb</c>.</summary>
public sealed class DynamoDbStoreOptions
{
    public const string SectionName = "Tracker:DynamoDb";

    /// <summary>The table name. In AWS the CDK stack creates it; locally (<see cref="ServiceUrl"/> set) the store does.</summary>
    public string Table { get; set; } = "";

    /// <summary>A local endpoint such as dynalite (<c>http://127.0.0.1:4567</c>). Unset in AWS.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The AWS region; unset means the SDK's default chain (AWS_REGION in Lambda).</summary>
    public string? Region { get; set; }

    /// <summary>Attempts of one BatchWriteItem while DynamoDB hands back unprocessed items; then the commit fails.</summary>
    public int BatchWriteAttempts { get; set; } = 8;

    /// <summary>First back-off before resending unprocessed items; doubled each attempt.</summary>
    public TimeSpan BatchRetryDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>BatchWriteItem calls of one commit in flight at once.</summary>
    public int ParallelBatches { get; set; } = 4;

    /// <summary>Largest part of the compressed summary snapshot (tests lower it to exercise several parts).</summary>
    internal int SummaryPartBytes { get; set; } = SummarySnapshot.MaxPartBytes;

    internal bool IsLocal => !string.IsNullOrWhiteSpace(ServiceUrl);
}
