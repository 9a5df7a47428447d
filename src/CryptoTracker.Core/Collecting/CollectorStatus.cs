namespace CryptoTracker.Core.Collecting;

/// <summary>The collector's state as persisted with every commit, so that a process that does not collect can report health.</summary>
public sealed record CollectorStatus(
    DateTimeOffset? LastTick,
    DateTimeOffset? LastCommit,
    int Metrics,
    SourceStatus Source,
    bool? ReplayFinished);
