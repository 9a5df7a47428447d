using System.Text.RegularExpressions;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Receivers;

namespace CryptoTracker.Api.Alerts;

/// <summary>
/// Tracker:Alerts, the one class bound to it: the built-in spike rule's settings, the operator's rules, the receivers, how
/// long alerts are kept, and who may subscribe. Its sub-sections Dispatch and Sns have their own classes
/// (<see cref="AlertDispatcherOptions"/>, <see cref="Sns.SnsOptions"/>). Checked at start by <see cref="AlertsOptionsValidator"/>.
/// </summary>
public sealed partial class AlertsOptions
{
    public const string Section = "Tracker:Alerts";

    /// <summary>The spike rule: a new value above Multiplier × the mean of the Window before it …</summary>
    public double Multiplier { get; set; } = 3.0;

    public TimeSpan Window { get; set; } = AlertRule.DefaultWindow;

    /// <summary>… over at least MinPoints points …</summary>
    public int MinPoints { get; set; } = 30;

    /// <summary>… at most once per Cooldown per metric.</summary>
    public TimeSpan Cooldown { get; set; } = AlertRule.DefaultCooldown;

    /// <summary>How long alerts are kept (and served by /v1/alerts).</summary>
    public TimeSpan Retention { get; set; } = Alert.DefaultRetention;

    /// <summary>The operator's rules (Tracker:Alerts:Rules:N).</summary>
    public List<AlertRuleOptions> Rules { get; set; } = [];

    /// <summary>Where alerts go besides SNS (Tracker:Alerts:Receivers:N, or Tracker:Alerts:ReceiversJson).</summary>
    public List<ReceiverOptions> Receivers { get; set; } = [];

    /// <summary>Destinations (addresses and numbers) subscribed through this tracker at most; below SNS's per-topic filter-policy quota (200).</summary>
    public int MaxSubscriptions { get; set; } = 150;

    /// <summary>Subscribe requests per email address or phone number in 24 hours (each SMS one sends a code).</summary>
    public int RequestsPerDestinationPerDay { get; set; } = 3;

    public SmsSection Sms { get; set; } = new();

    public sealed class SmsSection
    {
        /// <summary>Off by default: texts cost money and need the account out of the SMS sandbox (docs/alerts.md).</summary>
        public bool Enabled { get; set; }

        /// <summary>Country calling codes numbers must start with, comma-separated, e.g. "+1" or "+1,+44".</summary>
        public string AllowedPrefixes { get; set; } = "+1";

        public IReadOnlyList<string> Prefixes =>
            AllowedPrefixes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>The built-in rule with these settings.</summary>
    public AlertRule Spike => AlertRule.Spike(Multiplier, Window, MinPoints, Cooldown);

    /// <summary>Every rule, the spike first (valid options: see <see cref="AlertsOptionsValidator"/>).</summary>
    public RuleBook CreateRuleBook() => new([Spike, .. AlertRuleDefinitions.Parse(Rules).Rules]);

    [GeneratedRegex(@"^\+[1-9][0-9]{0,3}\z")]
    internal static partial Regex CallingCode();
}
