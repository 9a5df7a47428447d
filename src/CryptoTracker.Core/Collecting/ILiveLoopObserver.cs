namespace CryptoTracker.Core.Collecting;

/// <summary>What the host does with the live loop's reports (it logs them and emits metrics).</summary>
public interface ILiveLoopObserver
{
    void Backfilled(BackfillReport report);

    void Ticked(LiveTickReport report);

    void TickFailed(Exception error);
}
