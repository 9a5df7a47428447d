using CryptoTracker.Sns;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Alerts;

public sealed class SnsOptionsValidator : IValidateOptions<SnsOptions>
{
    public ValidateOptionsResult Validate(string? name, SnsOptions o)
    {
        if (!o.IsConfigured) return ValidateOptionsResult.Success;
        var errors = new List<string>();
        if (SnsOptions.ParseTopicArn(o.TopicArn) is null)
            errors.Add($"Tracker:Alerts:Sns:TopicArn must be an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:tracker-alerts (got '{o.TopicArn}').");
        if (o.ServiceUrl is { Length: > 0 } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            errors.Add($"Tracker:Alerts:Sns:ServiceUrl must be an absolute http(s) URL such as http://127.0.0.1:4002 (got '{url}').");
        if (o.Region is { Length: > 0 } region && !region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            errors.Add($"Tracker:Alerts:Sns:Region must be a region name such as us-east-1 (got '{region}').");
        if (o.Timeout <= TimeSpan.Zero) errors.Add("Tracker:Alerts:Sns:Timeout must be positive.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
