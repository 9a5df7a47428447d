namespace CryptoTracker.Api.Configuration;

/// <summary>Tracker:Source: where quotes come from (names are matched case-insensitively: kraken, demo, replay).</summary>
public enum TrackerSource
{
    Kraken,
    Demo,
    Replay,
}
