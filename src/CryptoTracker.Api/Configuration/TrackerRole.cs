namespace CryptoTracker.Api.Configuration;

/// <summary>Tracker:Role: what this process does; in AWS the same artifact runs as api, collector and subscriptions.</summary>
public enum TrackerRole
{
    /// <summary>API, dashboard, subscriptions and the collector in one process.</summary>
    All,
    Api,
    Collector,
    Subscriptions,
}
