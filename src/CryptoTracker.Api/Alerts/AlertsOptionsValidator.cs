using System.Text.Json;
using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Receivers;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Alerts;

/// <summary>
/// Stops start-up on anything wrong in Tracker:Alerts, every problem naming its key: the spike's settings, each rule (bad
/// name, metric syntax, two conditions, P ≤ 0), each receiver (and the rules it names), the subscription limits.
/// <paramref name="receiversJson"/> is Tracker:Alerts:ReceiversJson, whose entries are already among the receivers when valid.
/// </summary>
public sealed class AlertsOptionsValidator(string? receiversJson) : IValidateOptions<AlertsOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertsOptions o)
    {
        var errors = new List<string>();
        if (!(o.Multiplier > 0) || !double.IsFinite(o.Multiplier)) errors.Add("Tracker:Alerts:Multiplier must be a positive number.");
        if (o.Window <= TimeSpan.Zero) errors.Add("Tracker:Alerts:Window must be positive (e.g. 01:00:00).");
        if (o.MinPoints < 1) errors.Add("Tracker:Alerts:MinPoints must be at least 1.");
        if (o.Cooldown < TimeSpan.Zero) errors.Add("Tracker:Alerts:Cooldown must not be negative.");
        if (o.Retention <= TimeSpan.Zero) errors.Add("Tracker:Alerts:Retention must be positive.");

        errors.AddRange(AlertRuleDefinitions.Parse(o.Rules).Errors);

        if (receiversJson is { Length: > 0 })
        {
            try
            {
                using var doc = JsonDocument.Parse(receiversJson);
                if (doc.RootElement.ValueKind != JsonValueKind.Array)
                    errors.Add($"{AlertReceivers.JsonKey} must be a JSON array of receivers ([{{\"Name\":…,\"Type\":…}}]).");
            }
            catch (JsonException)
            {
                errors.Add($"{AlertReceivers.JsonKey} is not valid JSON (expected an array of receivers).");
            }
        }
        // The rules' own mistakes are reported above; here only whether a receiver names one that exists.
        var ruleNames = o.Rules.Select(r => r.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
        errors.AddRange(ReceiversOptionsValidator.Validate(o.Receivers, ruleNames));

        if (o.MaxSubscriptions is < 1 or > 100_000) errors.Add("Tracker:Alerts:MaxSubscriptions must be between 1 and 100000.");
        if (o.RequestsPerDestinationPerDay is < 1 or > 100) errors.Add("Tracker:Alerts:RequestsPerDestinationPerDay must be between 1 and 100.");
        var prefixes = o.Sms.Prefixes;
        if (prefixes.Count == 0 || prefixes.Any(p => !AlertsOptions.CallingCode().IsMatch(p)))
            errors.Add($"Tracker:Alerts:Sms:AllowedPrefixes must list country calling codes such as +1 or +1,+44 (got '{o.Sms.AllowedPrefixes}').");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
