using CryptoTracker.Core.Alerts;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Configuration;

public sealed class SpikeRuleOptionsValidator : IValidateOptions<SpikeRuleOptions>
{
    public ValidateOptionsResult Validate(string? name, SpikeRuleOptions o)
    {
        var errors = new List<string>();
        if (!(o.Multiplier > 0) || !double.IsFinite(o.Multiplier)) errors.Add("Tracker:Alerts:Multiplier must be a positive number.");
        if (o.Window <= TimeSpan.Zero) errors.Add("Tracker:Alerts:Window must be positive (e.g. 01:00:00).");
        if (o.MinPoints < 1) errors.Add("Tracker:Alerts:MinPoints must be at least 1.");
        if (o.Cooldown < TimeSpan.Zero) errors.Add("Tracker:Alerts:Cooldown must not be negative.");
        if (o.Retention <= TimeSpan.Zero) errors.Add("Tracker:Alerts:Retention must be positive.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
