using CryptoTracker.Core.Collecting;

namespace CryptoTracker.Api.Collecting;

/// <summary>Runs the live loop (Core) in the process that serves the API (Tracker:Role=all with a live source).</summary>
public sealed class LiveCollectorService(LiveLoop loop, TickLog log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken ct) => loop.RunAsync(log, ct);
}
