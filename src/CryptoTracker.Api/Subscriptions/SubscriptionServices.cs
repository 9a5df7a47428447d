using Amazon.DynamoDBv2;
using CryptoTracker.Api.Alerts;
using CryptoTracker.Api.Configuration;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Ports;
using CryptoTracker.Core.Subscriptions;
using CryptoTracker.DynamoDb;
using CryptoTracker.Sns;
using CryptoTracker.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Subscriptions;

/// <summary>The subscription desk and its ledger, in the store chosen by Tracker:Store (same SQLite file or DynamoDB table).</summary>
public static class SubscriptionServices
{
    /// <summary>The clock of codes and limits: real time, also while a replay drives the tracker's clock.</summary>
    public const string ClockKey = "subscriptions";

    public static IServiceCollection AddSubscriptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Add(SubscriptionsJsonContext.Default));

        services.TryAddKeyedSingleton<TimeProvider>(ClockKey, (sp, _) =>
            sp.GetRequiredService<TimeProvider>() is ReplayClock ? TimeProvider.System : sp.GetRequiredService<TimeProvider>());
        services.AddSingleton<ISubscriptionLedger>(sp =>
        {
            var tracker = sp.GetRequiredService<IOptions<TrackerOptions>>().Value;
            return tracker.Store == StoreKind.DynamoDb
                ? new DynamoDbSubscriptionLedger(sp.GetRequiredService<IAmazonDynamoDB>(), sp.GetRequiredService<IOptions<DynamoDbStoreOptions>>().Value)
                : new SqliteSubscriptionLedger(tracker.SqlitePath);
        });
        services.AddHostedService<LedgerInitializer>();
        services.AddSingleton(sp =>
        {
            var tracker = sp.GetRequiredService<IOptions<TrackerOptions>>().Value;
            var o = sp.GetRequiredService<IOptions<AlertsOptions>>().Value;
            return new SubscriptionPolicy
            {
                PermitsPerClientPerMinute = tracker.Subscriptions.PermitsPerMinute,
                RequestsPerDestination = o.RequestsPerDestinationPerDay,
                DestinationWindow = TimeSpan.FromDays(1),
                MaxSubscriptions = o.MaxSubscriptions,
                SenderName = tracker.PublicUri?.Host ?? "CryptoTracker",
            };
        });
        // The desk needs the alert topic: without one it is not registered, and the endpoints answer 503 (see AlertPublishing).
        if (configuration.GetSection(SnsOptions.Section).Get<SnsOptions>() is not { IsConfigured: true }) return services;
        services.AddSingleton(sp =>
        {
            var sns = sp.GetRequiredService<SnsQueryClient>();
            return new SubscriptionDesk(sp.GetRequiredService<ISubscriptionLedger>(), sp.GetRequiredService<ISubscriptionGateway>(),
                new SnsTextMessages(sns), sp.GetRequiredService<SubscriptionPolicy>(), sp.GetRequiredKeyedService<TimeProvider>(ClockKey));
        });
        return services;
    }

    /// <summary>Creates the ledger's tables (SQLite) after the metric store made the file or table.</summary>
    private sealed class LedgerInitializer(ISubscriptionLedger ledger, IOptions<TrackerOptions> tracker) : IHostedLifecycleService
    {
        public Task StartingAsync(CancellationToken ct) => tracker.Value.ServesSubscriptions ? ledger.InitializeAsync(ct) : Task.CompletedTask;
        public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
        public Task StartedAsync(CancellationToken ct) => Task.CompletedTask;
        public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
        public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
