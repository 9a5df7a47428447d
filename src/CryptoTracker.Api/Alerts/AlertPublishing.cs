using CryptoTracker.Api.Configuration;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Ports;
using CryptoTracker.Sns;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Alerts;

/// <summary>
/// Alerts reach people through SNS when Tracker:Alerts:Sns:TopicArn is set, and through the receivers of
/// Tracker:Alerts:Receivers (AlertReceivers). Every channel is one dispatcher of the outbox; <see cref="AlertDelivery"/> runs
/// them side by side. Without any channel alerts are logged and served by /v1/alerts only.
/// </summary>
public static class AlertPublishing
{
    public const string HttpClientName = "sns";

    public static IServiceCollection AddAlertPublishing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SnsOptions>().Bind(configuration.GetSection(SnsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SnsOptions>, SnsOptionsValidator>();
        services.AddOptions<AlertDispatcherOptions>().Bind(configuration.GetSection("Tracker:Alerts:Dispatch")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertDispatcherOptions>, AlertDispatcherOptionsValidator>();
        services.AddAlertReceivers();
        services.AddSingleton(sp => new AlertDelivery([
            .. sp.GetServices<SnsChannel>().Select(c => c.Dispatcher),
            .. sp.GetRequiredService<ReceiverChannels>().Dispatchers,
        ]));

        // Decided from the bound options: the set of services depends on whether a topic is configured.
        if (configuration.GetSection(SnsOptions.Section).Get<SnsOptions>() is not { IsConfigured: true }) return services;

        services.AddHttpClient(HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan); // each call has its own (Sns:Timeout)
        services.AddSingleton(sp => new SnsQueryClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName), sp.GetRequiredService<IOptions<SnsOptions>>().Value));
        services.AddSingleton(sp => new SnsAlertTopic(
            sp.GetRequiredService<SnsQueryClient>(), sp.GetRequiredService<IOptions<TrackerOptions>>().Value.PublicUri));
        services.AddSingleton<IAlertPublisher>(sp => sp.GetRequiredService<SnsAlertTopic>());
        services.AddSingleton<ISubscriptionGateway>(sp => sp.GetRequiredService<SnsAlertTopic>());
        services.AddSingleton(sp => new SnsChannel(new AlertDispatcher(
            sp.GetRequiredService<IMetricStore>(), sp.GetRequiredService<IAlertPublisher>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<AlertsOptions>>().Value.Retention, sp.GetRequiredService<IOptions<AlertDispatcherOptions>>().Value,
            AlertChannels.Sns)));
        return services;
    }
}
