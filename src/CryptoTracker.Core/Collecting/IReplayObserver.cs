using CryptoTracker.Core.Alerts;

namespace CryptoTracker.Core.Collecting;

/// <summary>What the host does with a replay's progress (it logs it).</summary>
public interface IReplayObserver
{
    /// <summary>A batch (at Speed=max) or a single minute was ingested.</summary>
    void Ingested(TickReport report);

    void Dispatched(DispatchReport report);

    /// <summary>Every <see cref="ReplayRunner.ProgressEvery"/> of real time.</summary>
    void Progress(long minutes, long points, TimeSpan elapsed, DateTimeOffset replayedNow);
}
