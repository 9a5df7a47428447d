using CryptoTracker.Core.Operations;

namespace CryptoTracker.Infra;

/// <summary>
/// The collector's own settings, as environment variables (<c>__</c> separates configuration sections). Settings
/// that come from CDK context — e.g. receivers or alert rules, or the name of an SSM parameter holding them — are
/// added here, read from <see cref="InfraSettings"/>.
/// </summary>
public static class CollectorEnvironment
{
    public const string EventsPath = "/events";

    public static IDictionary<string, string> For(InfraSettings settings)
    {
        _ = settings;
        return new Dictionary<string, string>
        {
            // The schedule's events are not HTTP requests; the adapter posts them to this path.
            ["AWS_LWA_PASS_THROUGH_PATH"] = EventsPath,
            // The adapter reports every HTTP answer as success unless told otherwise: without this a
            // failed tick (500 from /events) would never reach the Errors metric and its alarm.
            ["AWS_LWA_ERROR_STATUS_CODES"] = "500-599",
            // One Embedded Metric Format line per successful tick: the stale-data alarm watches it.
            [DeploymentContract.Environment.EmitMetrics] = "true",
        };
    }
}
