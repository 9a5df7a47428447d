using CryptoTracker.Api.Alerts;
using CryptoTracker.Api.Collecting;
using CryptoTracker.Api.Markets;
using CryptoTracker.Api.Reading;
using CryptoTracker.Api.Subscriptions;
using CryptoTracker.Core;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Markets;
using CryptoTracker.Core.Ports;
using CryptoTracker.Core.Resilience;
using CryptoTracker.DynamoDb;
using CryptoTracker.Sources.Demo;
using CryptoTracker.Sources.Http;
using CryptoTracker.Sources.Kraken;
using CryptoTracker.Sources.Replay;
using CryptoTracker.Sqlite;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Configuration;

public static class TrackerServices
{
    /// <summary>
    /// Wires the domain to the adapters chosen by Tracker:Source, Tracker:Store and Tracker:Role: the graph is decided from
    /// the bound options (<see cref="TrackerOptions.Read"/>), and every options class is bound and validated at start-up.
    /// </summary>
    public static IServiceCollection AddTracker(this IServiceCollection services, IConfiguration configuration)
    {
        var tracker = TrackerOptions.Read(configuration);
        var section = configuration.GetSection(TrackerOptions.Section);
        services.AddOptions<TrackerOptions>().Bind(section).ValidateOnStart();
        services.AddOptions<AlertsOptions>().Bind(section.GetSection("Alerts")).ValidateOnStart();
        services.AddOptions<KrakenOptions>().Bind(section.GetSection("Kraken")).ValidateOnStart();
        services.AddOptions<DemoOptions>().Bind(section.GetSection("Demo")).ValidateOnStart();
        // Tracker:Collector holds both the host's settings (fetch, schedule) and the commit's (CommitAttempts, CommitRetryDelay).
        services.AddOptions<CollectorOptions>().Bind(section.GetSection("Collector")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TrackerOptions>, TrackerOptionsValidator>();
        services.AddSingleton<IValidateOptions<AlertsOptions>>(new AlertsOptionsValidator(configuration[AlertReceivers.JsonKey]));
        services.AddSingleton<IValidateOptions<KrakenOptions>, KrakenOptionsValidator>();
        services.AddSingleton<IValidateOptions<DemoOptions>, DemoOptionsValidator>();
        services.AddSingleton<IValidateOptions<CollectorOptions>, CollectorOptionsValidator>();

        // The replay drives the app's clock; everything else reads real time.
        if (tracker.Source == TrackerSource.Replay)
        {
            services.AddSingleton(sp =>
            {
                var file = sp.GetRequiredService<IOptions<TrackerOptions>>().Value.Replay.File!;
                return new ReplayClock(ReplayReader.FirstMinute(file) ?? DateTimeOffset.UtcNow);
            });
            services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<ReplayClock>());
            // The replayed clock is the app's; pacing (Speed=k) waits on real time.
            services.AddSingleton(sp => new ReplayRunner(sp.GetRequiredService<Collector>(), sp.GetRequiredService<ReplayClock>(),
                TimeProvider.System, sp.GetRequiredService<AlertDelivery>()));
        }
        else
        {
            services.AddSingleton(TimeProvider.System);
        }

        if (tracker.Store == StoreKind.DynamoDb) services.AddDynamoDbStore(configuration);
        else services.AddSingleton<IMetricStore>(sp => new SqliteMetricStore(sp.GetRequiredService<IOptions<TrackerOptions>>().Value.SqlitePath));
        services.AddHostedService<StoreInitializer>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AlertsOptions>>().Value.CreateRuleBook());
        services.AddSingleton(sp => new TrackedMetrics(sp.GetRequiredService<RuleBook>()));
        services.AddSingleton(sp => new Collector(
            sp.GetRequiredService<TrackedMetrics>(), sp.GetRequiredService<IMetricStore>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<CollectorOptions>>().Value, sp.GetRequiredService<IOptions<TrackerOptions>>().Value.PrimarySource,
            sp.GetRequiredService<IOptions<AlertsOptions>>().Value.Retention));
        // GET /v1/rules: the collector's own state where it runs here, else rebuilt from the store.
        services.AddSingleton(sp => tracker.RunsCollector
            ? RuleStates.Live(sp.GetRequiredService<RuleBook>())
            : RuleStates.Stored(sp.GetRequiredService<RuleBook>().Rules, sp.GetRequiredService<IMetricStore>(), sp.GetRequiredService<IOptions<AlertsOptions>>().Value.Retention));
        // Cache ages are real time, whatever clock the tracker runs on.
        services.AddSingleton(sp => new MetricReader(sp.GetRequiredService<IMetricStore>(),
            tracker.RunsCollector ? sp.GetRequiredService<Collector>() : null, tracker.Api.CacheFor, TimeProvider.System));

        // The tick's one source: a single exchange or the demo, or (Tracker:Sources, in Markets/) several exchanges at once.
        services.AddExchangeClient(KrakenSource.HttpClientName, sp => sp.GetRequiredService<IOptions<KrakenOptions>>().Value.BaseUrl);
        services.AddSingleton<KrakenSource>();
        services.AddSingleton<DemoMarket>();
        services.AddMarkets(tracker);
        if (!tracker.UsesMarkets)
        {
            if (tracker.Source == TrackerSource.Demo) services.AddSingleton<IQuoteSource>(sp => sp.GetRequiredService<DemoMarket>());
            else services.AddSingleton<IQuoteSource>(sp => sp.GetRequiredService<KrakenSource>());
        }
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<TrackerOptions>>().Value.Collector;
            return new LiveTick(sp.GetRequiredService<IQuoteSource>(), sp.GetRequiredService<Collector>(), sp.GetRequiredService<TimeProvider>(),
                new RetryPolicy(o.FetchAttempts, o.FetchRetryDelay), sp.GetRequiredService<AlertDelivery>());
        });
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<TrackerOptions>>().Value.Collector;
            return new LiveLoop(sp.GetRequiredService<LiveTick>(), sp.GetRequiredService<TimeProvider>(), o.TickOffset, o.Backfill);
        });
        services.AddSingleton(new MetricsOutput(Console.Out));
        services.AddSingleton(sp => new TickLog(sp.GetRequiredService<ILogger<TickLog>>(), sp.GetRequiredService<IOptions<TrackerOptions>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<MetricsOutput>(), sp.GetService<AlertDelivery>(), interactive: tracker.Role == TrackerRole.All));
        services.AddAlertPublishing(configuration);
        services.AddSubscriptions(configuration);

        // The role seam: what only a collecting process knows (its collector, outbox channels and markets) is registered
        // only in the roles that collect; endpoints take it as optional and read the store where it is absent.
        if (tracker.RunsCollector)
            services.AddSingleton(sp => new LocalCollector(sp.GetRequiredService<Collector>(), sp.GetRequiredService<AlertDelivery>(),
                sp.GetRequiredService<ReceiverChannels>(), sp.GetService<MarketBoard>(), [sp.GetRequiredService<KrakenSource>()]));

        if (tracker.Role == TrackerRole.All)
        {
            if (tracker.Source == TrackerSource.Replay) services.AddHostedService<ReplayService>();
            else services.AddHostedService<LiveCollectorService>();
        }
        return services;
    }
}
