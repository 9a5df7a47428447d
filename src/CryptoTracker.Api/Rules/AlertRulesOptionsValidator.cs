using CryptoTracker.Core.Alerts.Rules;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Rules;

/// <summary>Stops start-up on an invalid rule (bad name, unknown metric syntax, two conditions, P ≤ 0), naming its key.</summary>
public sealed class AlertRulesOptionsValidator : IValidateOptions<AlertRulesOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertRulesOptions options)
    {
        var (_, errors) = AlertRuleDefinitions.Parse(options.Rules);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
