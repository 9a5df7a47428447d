using Amazon.DynamoDBv2.Model;
using static CryptoTracker.DynamoDb.ItemAttributes;

namespace CryptoTracker.DynamoDb;

/// <summary>A commit gave up: DynamoDB kept handing back unprocessed writes. The collector keeps the tick and retries it.</summary>
public sealed class UnprocessedWritesException(int unprocessed, int attempts)
    : Exception($"DynamoDB left {unprocessed} write(s) unprocessed after {attempts} BatchWriteItem attempts.")
{
    public int Unprocessed { get; } = unprocessed;
}
