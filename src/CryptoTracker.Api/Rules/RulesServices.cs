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
