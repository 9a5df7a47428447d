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
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
