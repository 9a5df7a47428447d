using CryptoTracker.Sources.Kraken;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Configuration;

/// <summary>The Tracker section of the configuration (appsettings.json, TRACKER__* environment variables, --Tracker:Key=value).</summary>
public sealed partial class TrackerOptions
{
    public const string Section = "Tracker";

    /// <summary>kraken (default), demo or replay.</summary>
    public TrackerSource Source { get; set; } = TrackerSource.Kraken;

    /// <summary>sqlite (default) or dynamodb.</summary>
    public StoreKind Store { get; set; } = StoreKind.Sqlite;

    /// <summary>all (default: API and collector in one process), api, collector or subscriptions (the AWS Lambda roles).</summary>
    public TrackerRole Role { get; set; } = TrackerRole.All;

    /// <summary>
    /// The Tracker section bound once, for the decisions made while composing the app (which source, store, role, hosted
    /// services). An enum setting that is not one of its values stops start-up with a message naming the key; every other
    /// rule is checked by the validators at start-up.
    /// </summary>
    public static TrackerOptions Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var errors = new List<string>();
        ConfigNames.Parse(section, nameof(Source), TrackerSource.Kraken, errors);
        ConfigNames.Parse(section, nameof(Store), StoreKind.Sqlite, errors);
        ConfigNames.Parse(section, nameof(Role), TrackerRole.All, errors);
        if (errors.Count > 0) throw new OptionsValidationException(Section, typeof(TrackerOptions), errors);
        return section.Get<TrackerOptions>() ?? new TrackerOptions();
    }

    public SqliteSection Sqlite { get; set; } = new();
    public ReplaySection Replay { get; set; } = new();
    public CollectorSection Collector { get; set; } = new();
    public ApiSection Api { get; set; } = new();
    public SubscriptionsSection Subscriptions { get; set; } = new();

    /// <summary>Where people open the dashboard (e.g. https://tracker.example.com); alert messages link to {PublicUrl}/metric/{type}/{symbol}.</summary>
    public string? PublicUrl { get; set; }

    public sealed class SqliteSection
    {
        /// <summary>Defaults to data/&lt;source&gt;.db under the working directory, so demo, replay and live data never mix.</summary>
        public string? Path { get; set; }
    }

    public sealed class ReplaySection
    {
        public string? File { get; set; }

        /// <summary>max (as fast as possible) or a multiplier of real time such as 60.</summary>
        public string Speed { get; set; } = "max";

        public double? Multiplier => Speed.Equals("max", StringComparison.OrdinalIgnoreCase) ? null
            : double.TryParse(Speed, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var k) ? k : double.NaN;
    }

    public sealed class CollectorSection
    {
        /// <summary>Fetch attempts per tick; back-off doubles from <see cref="FetchRetryDelay"/>, all within the minute.</summary>
        public int FetchAttempts { get; set; } = 3;
        public TimeSpan FetchRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>Seconds after the minute at which the live tick runs.</summary>
        public TimeSpan TickOffset { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>With no successful tick for this long, health reports the collector as stale.</summary>
        public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(3);

        /// <summary>Fill the last 24 h at start-up when the store is empty and the source can (the demo can).</summary>
        public bool Backfill { get; set; } = true;

        /// <summary>
        /// Write a CloudWatch Embedded Metric Format line to stdout for every successful tick (namespace CryptoTracker,
        /// metric SuccessfulTicks). In Lambda that becomes a metric with no SDK call; the stack alarms when it stops.
        /// </summary>
        public bool EmitMetrics { get; set; }
    }

    public sealed class ApiSection
    {
        /// <summary>When the collector runs in another process, how long summaries read from the store are reused.</summary>
        public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(5);
    }

    public sealed class SubscriptionsSection
    {
        /// <summary>POST and DELETE /v1/subscriptions per client IP and minute.</summary>
        public int PermitsPerMinute { get; set; } = 5;

        /// <summary>
        /// Behind a proxy that appends the client's address to X-Forwarded-For (API Gateway, a load balancer), limit by that
        /// address (the last entry, the one the proxy saw) instead of the proxy's. Off by default: a client can forge the header.
        /// </summary>
        public bool TrustForwardedFor { get; set; }
    }

    public string SqlitePath => Sqlite.Path is { Length: > 0 } p ? p : System.IO.Path.Combine("data", $"{StoreFileName}.db");

    public bool RunsCollector => Role is TrackerRole.All or TrackerRole.Collector;
    public bool ServesReads => Role is TrackerRole.All or TrackerRole.Api;
    public bool ServesSubscriptions => Role is TrackerRole.All or TrackerRole.Subscriptions;
    public Uri? PublicUri => PublicUrl is { Length: > 0 } u && Uri.TryCreate(u, UriKind.Absolute, out var uri) ? uri : null;
}
