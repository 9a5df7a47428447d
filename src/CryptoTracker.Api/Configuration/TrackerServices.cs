using CryptoTracker.Api.Alerts;
using CryptoTracker.Api.Collecting;
using CryptoTracker.Api.Markets;
using CryptoTracker.Api.Reading;
using CryptoTracker.Api.Subscriptions;
using CryptoTracker.Core;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Ports;
using CryptoTracker.DynamoDb;
using CryptoTracker.Sources.Demo;
using CryptoTracker.Sources.Kraken;
using CryptoTracker.Sources.Replay;
using CryptoTracker.Sqlite;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Configuration;

public static class TrackerServices
{
    /// <summary>Wires the domain to the adapters chosen by Tracker:Source, Tracker:Store and Tracker:Role.</summary>
    public static IServiceCollection AddTracker(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(TrackerOptions.Section);
        services.AddOptions<TrackerOptions>().Bind(section).ValidateOnStart();
        services.AddOptions<SpikeRuleOptions>().Bind(section.GetSection("Alerts")).ValidateOnStart();
        services.AddOptions<KrakenOptions>().Bind(section.GetSection("Kraken")).ValidateOnStart();
        services.AddOptions<DemoOptions>().Bind(section.GetSection("Demo"));
        services.AddSingleton<IValidateOptions<TrackerOptions>, TrackerOptionsValidator>();
        services.AddSingleton<IValidateOptions<SpikeRuleOptions>, SpikeRuleOptionsValidator>();
        services.AddSingleton<IValidateOptions<KrakenOptions>, KrakenOptionsValidator>();

        // The replay drives the clock; everything else reads real time. Decided from raw configuration because the
        // TimeProvider is needed before options are validated.
        var source = section["Source"] ?? "kraken";
        if (source == "replay")
        {
            services.AddSingleton(sp =>
            {
                var file = sp.GetRequiredService<IOptions<TrackerOptions>>().Value.Replay.File!;
                return new ReplayClock(ReplayReader.FirstMinute(file) ?? DateTimeOffset.UtcNow);
            });
            services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<ReplayClock>());
        }
        else
        {
            services.AddSingleton(TimeProvider.System);
        }

        if ((section["Store"] ?? "sqlite") == "dynamodb") services.AddDynamoDbStore(configuration);
        else services.AddSingleton<IMetricStore>(sp => new SqliteMetricStore(sp.GetRequiredService<IOptions<TrackerOptions>>().Value.SqlitePath));
        services.AddHostedService<StoreInitializer>();
        services.AddSingleton(sp => new SpikeRule(sp.GetRequiredService<IOptions<SpikeRuleOptions>>().Value));
        services.AddSingleton(sp => new TrackedMetrics(sp.GetRequiredService<SpikeRule>()));
        services.AddSingleton(sp => new CollectorOptions());
        services.AddSingleton(sp => new Collector(
            sp.GetRequiredService<TrackedMetrics>(), sp.GetRequiredService<IMetricStore>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<CollectorOptions>(), sp.GetRequiredService<IOptions<TrackerOptions>>().Value.PrimarySource));
        services.AddSingleton<MetricReader>();

        services.AddHttpClient(KrakenSource.HttpClientName, (sp, http) =>
        {
            http.BaseAddress = new Uri(sp.GetRequiredService<IOptions<KrakenOptions>>().Value.BaseUrl);
            http.DefaultRequestHeaders.UserAgent.ParseAdd("CryptoTracker/1.0 (+self-hosted market tracker)");
            http.Timeout = Timeout.InfiniteTimeSpan; // each call has its own timeout (Tracker:Kraken:Timeout)
        });
        services.AddSingleton<KrakenSource>();
        services.AddSingleton<DemoMarket>();
        services.AddSingleton<IQuoteSource>(sp => source switch
        {
            "demo" => sp.GetRequiredService<DemoMarket>(),
            _ => sp.GetRequiredService<KrakenSource>(),
        });
        services.AddSingleton<LiveTick>();
        services.AddAlertPublishing(configuration);
        services.AddSubscriptions(configuration);
        services.AddMarkets(section); // Tracker:Sources: several exchanges, per-market series and aggregates (Markets/)

        var role = section["Role"] ?? "all";
        if (role == "all")
        {
            if (source == "replay") services.AddHostedService<ReplayService>();
            else services.AddHostedService<LiveCollectorService>();
        }
        return services;
    }
}
