using CryptoTracker.Core.Ports;

namespace CryptoTracker.Api.Configuration;

/// <summary>Creates the store's schema before any hosted service or the server starts (IHostedLifecycleService.StartingAsync).</summary>
public sealed class StoreInitializer(IMetricStore store) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken ct) => store.InitializeAsync(ct);
    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
