namespace CryptoTracker.Api.Configuration;

/// <summary>Tracker:Store: where the window, summaries and alerts are kept (sqlite, dynamodb).</summary>
public enum StoreKind
{
    Sqlite,
    DynamoDb,
}
