using CryptoTracker.Core.Collecting;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Configuration;

public sealed class CollectorOptionsValidator : IValidateOptions<CollectorOptions>
{
    public ValidateOptionsResult Validate(string? name, CollectorOptions o)
    {
        var errors = new List<string>();
        if (o.CommitAttempts is < 1 or > 10) errors.Add("Tracker:Collector:CommitAttempts must be between 1 and 10.");
        if (o.CommitRetryDelay < TimeSpan.Zero) errors.Add("Tracker:Collector:CommitRetryDelay must not be negative.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
