using CryptoTracker.Core.Alerts;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Alerts;

public sealed class AlertDispatcherOptionsValidator : IValidateOptions<AlertDispatcherOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertDispatcherOptions o)
    {
        var errors = new List<string>();
        if (o.Attempts is < 1 or > 10) errors.Add("Tracker:Alerts:Dispatch:Attempts must be between 1 and 10.");
        if (o.RetryDelay < TimeSpan.Zero) errors.Add("Tracker:Alerts:Dispatch:RetryDelay must not be negative.");
        if (o.MaxAge <= TimeSpan.Zero) errors.Add("Tracker:Alerts:Dispatch:MaxAge must be positive (e.g. 01:00:00).");
        if (o.Backoff < TimeSpan.Zero || o.MaxBackoff < o.Backoff) errors.Add("Tracker:Alerts:Dispatch:Backoff must not be negative nor above MaxBackoff.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
