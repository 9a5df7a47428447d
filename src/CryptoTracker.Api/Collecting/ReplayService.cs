using System.Runtime.CompilerServices;
using CryptoTracker.Api.Configuration;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Sources.Replay;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Collecting;

/// <summary>
/// Replays Tracker:Replay:File through the collector (<see cref="ReplayRunner"/>) in the process that serves the API; when
/// the file ends the clock stays at the last row and the API keeps serving.
/// </summary>
public sealed class ReplayService(ReplayRunner runner, IOptions<TrackerOptions> options, ILogger<ReplayService> log, AlertDelivery? delivery = null)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        var o = options.Value.Replay;
        var file = o.File!;
        var length = new FileInfo(file).Length;
        log.LogInformation("Replaying {File} ({Size:0.0} MB) at speed {Speed}", file, length / 1e6, o.Speed);
        var position = new StrongBox<long>();
        var report = await runner.RunAsync(ReplayReader.ReadAsync(file, ct, position), o.Multiplier,
            new ReplayLog(log, () => position.Value, length, delivery), ct);
        if (report.Error is not null) log.LogError("Replay stopped: {Error}", report.Error);
        else
            log.LogInformation("Replay finished: {Minutes} minutes, {Points} points in {Elapsed:0.0} s; clock stays at {Clock:u}",
                report.Minutes, report.Points, report.Elapsed.TotalSeconds, runner.ReplayedNow);
    }
}
