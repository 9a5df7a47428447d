using CryptoTracker.Core.Alerts.Rules;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Rules;

public static class RulesServices
{
    /// <summary>Tracker:Alerts:Rules, validated at start-up, and the <see cref="RuleBook"/> the collector evaluates.</summary>
    public static IServiceCollection AddAlertRules(this IServiceCollection services, IConfiguration trackerSection)
    {
        services.AddOptions<AlertRulesOptions>().Bind(trackerSection.GetSection("Alerts")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertRulesOptions>, AlertRulesOptionsValidator>();
        services.AddSingleton(sp => new RuleBook(AlertRuleDefinitions.Parse(sp.GetRequiredService<IOptions<AlertRulesOptions>>().Value.Rules).Rules));
        services.AddSingleton<RuleStates>();
        return services;
    }
}

/// <summary>Stops start-up on an invalid rule (bad name, unknown metric syntax, two conditions, P ≤ 0), naming its key.</summary>
public sealed class AlertRulesOptionsValidator : IValidateOptions<AlertRulesOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertRulesOptions options)
    {
        var (_, errors) = AlertRuleDefinitions.Parse(options.Rules);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
