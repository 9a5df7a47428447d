using Amazon.DynamoDBv2.Model;
using static CryptoTracker.DynamoDb.ItemAttributes;

namespace CryptoTracker.DynamoDb;

/// <summary>DynamoDB kept handing back unprocessed keys of a BatchGetItem.</summary>
public sealed class UnprocessedReadsException(int unprocessed, int attempts)
    : Exception($"DynamoDB left {unprocessed} key(s) unprocessed after {attempts} BatchGetItem attempts.");
