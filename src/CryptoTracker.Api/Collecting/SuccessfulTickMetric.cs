using System.Globalization;
using CryptoTracker.Core.Operations;

namespace CryptoTracker.Api.Collecting;

/// <summary>
/// One CloudWatch Embedded Metric Format record per successful tick (fetched and stored). Lambda sends stdout to CloudWatch
/// Logs, which turns such records into metrics; "no SuccessfulTicks for 5 minutes" is the stale-data alarm.
/// </summary>
public static class SuccessfulTickMetric
{
    public const string Namespace = DeploymentContract.MetricsNamespace;
    public const string Name = DeploymentContract.SuccessfulTicksMetric;

    public static void Write(TextWriter output, DateTimeOffset at, int points) =>
        output.WriteLine(
            "{\"_aws\":{\"Timestamp\":" + at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) +
            ",\"CloudWatchMetrics\":[{\"Namespace\":\"" + Namespace + "\",\"Dimensions\":[[\"" + DeploymentContract.ServiceDimension + "\"]],\"Metrics\":[" +
            "{\"Name\":\"" + Name + "\",\"Unit\":\"Count\"},{\"Name\":\"PointsStored\",\"Unit\":\"Count\"}]}]}," +
            "\"" + DeploymentContract.ServiceDimension + "\":\"" + DeploymentContract.CollectorService + "\",\"" + Name + "\":1,\"PointsStored\":" + points.ToString(CultureInfo.InvariantCulture) + "}");
}
