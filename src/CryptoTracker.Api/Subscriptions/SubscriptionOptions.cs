using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Subscriptions;

/// <summary>Tracker:Alerts: who may subscribe and how many (the spike rule's settings share the section).</summary>
public sealed partial class SubscriptionOptions
{
    public const string Section = "Tracker:Alerts";

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

    [GeneratedRegex(@"^\+[1-9][0-9]{0,3}\z")]
    internal static partial Regex CallingCode();
}

public sealed class SubscriptionOptionsValidator : IValidateOptions<SubscriptionOptions>
{
    public ValidateOptionsResult Validate(string? name, SubscriptionOptions o)
    {
        var errors = new List<string>();
        if (o.MaxSubscriptions is < 1 or > 100_000) errors.Add("Tracker:Alerts:MaxSubscriptions must be between 1 and 100000.");
        if (o.RequestsPerDestinationPerDay is < 1 or > 100) errors.Add("Tracker:Alerts:RequestsPerDestinationPerDay must be between 1 and 100.");
        var prefixes = o.Sms.Prefixes;
        if (prefixes.Count == 0 || prefixes.Any(p => !SubscriptionOptions.CallingCode().IsMatch(p)))
            errors.Add($"Tracker:Alerts:Sms:AllowedPrefixes must list country calling codes such as +1 or +1,+44 (got '{o.Sms.AllowedPrefixes}').");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
