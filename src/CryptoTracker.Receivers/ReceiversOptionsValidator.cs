using System.Text.RegularExpressions;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Alerts.Rules;
using MimeKit;

namespace CryptoTracker.Receivers;

/// <summary>
/// Checks every receiver at start-up; each message names the key (Tracker:Alerts:Receivers:0:Url) and never repeats a value
/// that may be secret (URLs carry tokens: Slack and Discord webhooks, ntfy topics).
/// </summary>
public static partial class ReceiversOptionsValidator
{
    public static readonly string[] Types = ["webhook", "slack", "discord", "ntfy", "email"];
    private static readonly string[] Priorities = ["min", "low", "default", "high", "urgent"];

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();

    /// <param name="configuredRules">The names of Tracker:Alerts:Rules; a receiver's Rules must name one of them or spike.</param>
    public static IReadOnlyList<string> Validate(IReadOnlyList<ReceiverOptions> receivers, IReadOnlyCollection<string>? configuredRules = null)
    {
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < receivers.Count; i++)
        {
            var r = receivers[i];
            var key = $"Tracker:Alerts:Receivers:{i}";
            if (string.IsNullOrWhiteSpace(r.Name)) errors.Add($"{key}:Name is required (letters, digits, '.', '-', '_'; e.g. phone).");
            else if (!NamePattern().IsMatch(r.Name)) errors.Add($"{key}:Name must be 1-64 letters, digits, '.', '-' or '_' (got '{r.Name}').");
            else if (!names.Add(r.Name)) errors.Add($"{key}:Name '{r.Name}' is used by another receiver.");

            if (!Types.Contains(r.Kind))
            {
                errors.Add($"{key}:Type must be one of {string.Join(", ", Types)} (got '{r.Type}').");
                continue;
            }
            if (r.Kind == "email")
            {
                if (string.IsNullOrWhiteSpace(r.Host)) errors.Add($"{key}:Host is required for an email receiver (the SMTP server).");
                else if (Uri.CheckHostName(r.Host) == UriHostNameType.Unknown) errors.Add($"{key}:Host must be a host name or address.");
                if (r.Port is < 1 or > 65535) errors.Add($"{key}:Port must be between 1 and 65535.");
                if (!MailboxAddress.TryParse(r.From, out _) || !(r.From ?? "").Contains('@')) errors.Add($"{key}:From must be an email address.");
                if (r.Recipients.Count == 0) errors.Add($"{key}:To must list at least one email address.");
                else if (r.Recipients.Any(t => !MailboxAddress.TryParse(t, out _) || !t.Contains('@'))) errors.Add($"{key}:To: every entry must be an email address.");
                if (!string.IsNullOrEmpty(r.User) && string.IsNullOrEmpty(r.Password))
                    errors.Add($"{key}:Password is required with User (give it by environment: Tracker__Alerts__Receivers__{i}__Password).");
            }
            else
            {
                if (string.IsNullOrWhiteSpace(r.Url)) errors.Add($"{key}:Url is required for a {r.Kind} receiver.");
                else if (!Uri.TryCreate(r.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    errors.Add($"{key}:Url must be an absolute http or https URL.");
                if (r.Kind == "ntfy" && !Priorities.Contains(r.Priority)) errors.Add($"{key}:Priority must be one of {string.Join(", ", Priorities)}.");
            }
            if (r.MinRatio is { } min && !(min > 0 && double.IsFinite(min))) errors.Add($"{key}:MinRatio must be a number greater than 0 (e.g. 5).");
            foreach (var rule in r.Rules.Where(n => n != AlertRule.SpikeName))
            {
                if (!AlertRuleDefinitions.IsValidName(rule))
                    errors.Add($"{key}:Rules: '{rule}' is not a rule name (lower-case letters, digits and '-', or spike).");
                else if (configuredRules is not null && !configuredRules.Contains(rule))
                    errors.Add($"{key}:Rules: no rule is named '{rule}' (the rules are " +
                        string.Join(", ", configuredRules.Order(StringComparer.Ordinal).Append(AlertRule.SpikeName)) + ").");
            }
            foreach (var pattern in r.Metrics.Where(p => !AlertFilter.IsValidPattern(p)))
                errors.Add($"{key}:Metrics: '{pattern}' is not a metric id or pattern such as price:btcusd or volume:*.");
            if (r.MaxAge is { } age && age <= TimeSpan.Zero) errors.Add($"{key}:MaxAge must be positive (e.g. 01:00:00).");
            if (r.Timeout <= TimeSpan.Zero || r.Timeout > TimeSpan.FromMinutes(5)) errors.Add($"{key}:Timeout must be between 0 and 5 minutes.");
        }
        return errors;
    }
}
