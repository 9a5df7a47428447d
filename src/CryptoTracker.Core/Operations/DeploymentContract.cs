using System.Globalization;
using CryptoTracker.Core.Alerts.Rules;

namespace CryptoTracker.Core.Operations;

/// <summary>
/// What the app and the CDK stack (infra/) must agree on, written once and referenced by both: the metric the collector
/// emits and the stale-data alarm watches, and the environment variables the stack sets on the functions. The app reads
/// those through configuration binding (<c>__</c> separates sections); a test binds every one of them to the app's options
/// classes, so a renamed setting fails there instead of being silently ignored in AWS.
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

    /// <summary>The environment variables the stack sets, as configuration keys (Tracker:Role is <c>Tracker__Role</c>).</summary>
    public static class Environment
    {
        /// <summary>Tracker:Role, one of <see cref="Roles"/>.</summary>
        public const string Role = "Tracker__Role";

        /// <summary>Tracker:Store, <see cref="DynamoDbStore"/> in AWS.</summary>
        public const string Store = "Tracker__Store";

        /// <summary>Tracker:DynamoDb:Table, the table's generated name.</summary>
        public const string DynamoDbTable = "Tracker__DynamoDb__Table";

        /// <summary>Tracker:Alerts:Sns:TopicArn, the alert topic (collector and subscriptions).</summary>
        public const string SnsTopicArn = "Tracker__Alerts__Sns__TopicArn";

        /// <summary>Tracker:PublicUrl, the deployed dashboard that alert messages link to.</summary>
        public const string PublicUrl = "Tracker__PublicUrl";

        /// <summary>Tracker:Collector:EmitMetrics, the collector's successful-tick metric.</summary>
        public const string EmitMetrics = "Tracker__Collector__EmitMetrics";

        /// <summary>Tracker:Subscriptions:TrustForwardedFor: behind API Gateway the client is the last X-Forwarded-For entry.</summary>
        public const string TrustForwardedFor = "Tracker__Subscriptions__TrustForwardedFor";

        /// <summary>Tracker:Alerts:ReceiversJson, the alert receivers as one JSON array.</summary>
        public const string ReceiversJson = "Tracker__Alerts__ReceiversJson";

        /// <summary>Tracker:Alerts:Sms:Enabled, SMS subscriptions on.</summary>
        public const string SmsEnabled = "Tracker__Alerts__Sms__Enabled";

        /// <summary>Tracker:Alerts:Sms:AllowedPrefixes, the country calling codes SMS subscriptions accept.</summary>
        public const string SmsAllowedPrefixes = "Tracker__Alerts__Sms__AllowedPrefixes";

        /// <summary>The settings of one alert rule (Tracker:Alerts:Rules:N), by the names of <see cref="AlertRuleOptions"/>.</summary>
        public static readonly IReadOnlyList<string> AlertRuleFields =
        [
            nameof(AlertRuleOptions.Name), nameof(AlertRuleOptions.Metric), nameof(AlertRuleOptions.Above), nameof(AlertRuleOptions.Below),
            nameof(AlertRuleOptions.ChangePercent), nameof(AlertRuleOptions.SpreadPercent), nameof(AlertRuleOptions.Window),
            nameof(AlertRuleOptions.Cooldown),
        ];

        /// <summary>Tracker:Alerts:Rules:<paramref name="index"/>:<paramref name="field"/>, one of <see cref="AlertRuleFields"/>.</summary>
        public static string AlertRule(int index, string field) =>
            $"Tracker__Alerts__Rules__{index.ToString(CultureInfo.InvariantCulture)}__{field}";
    }

    /// <summary>The values of <see cref="Environment.Role"/>: one function per role.</summary>
    public static class Roles
    {
        public const string Api = "api";
        public const string Collector = "collector";
        public const string Subscriptions = "subscriptions";
    }

    /// <summary>The value of <see cref="Environment.Store"/> in AWS.</summary>
    public const string DynamoDbStore = "dynamodb";
}
