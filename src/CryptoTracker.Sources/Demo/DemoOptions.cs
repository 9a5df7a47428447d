namespace CryptoTracker.Sources.Demo;

/// <summary>Tracker:Demo settings.</summary>
public sealed class DemoOptions
{
    public int Seed { get; set; } = 42;
}
