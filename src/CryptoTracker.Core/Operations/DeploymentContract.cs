namespace CryptoTracker.Core.Operations;

/// <summary>
/// What the app and the CDK stack (infra/) must agree on, written once and referenced by both: the metric the collector
/// emits and the stale-data alarm watches. (The Tracker__* environment variables the stack sets are checked by the
/// environment-only smoke test of the Lambda roles.)
/// </summary>
public static class DeploymentContract
{
    /// <summary>CloudWatch namespace of the collector's Embedded Metric Format records.</summary>
    public const string MetricsNamespace = "CryptoTracker";

    /// <summary>One per tick that fetched and stored data; "none for 5 minutes" is the DataStale alarm.</summary>
    public const string SuccessfulTicksMetric = "SuccessfulTicks";

    /// <summary>The dimension (Service = collector) of the collector's records.</summary>
    public const string ServiceDimension = "Service";

    public const string CollectorService = "collector";
}
