namespace CryptoTracker.Sns.Tests;

/// <summary>
/// For tests that start a tracker of their own in each test: a two-symbol replay file and a local SNS, both removed
/// afterwards.
/// </summary>
public abstract class OwnTrackerTests : IAsyncLifetime
{
    protected string Replay { get; } = Path.Combine(Path.GetTempPath(), $"ct-subs-{Guid.NewGuid():N}.csv");
    protected FakeSns Sns { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        SubscriptionsAppFixture.WriteTwoSymbols(Replay);
        Sns = await FakeSns.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Sns.DisposeAsync();
        File.Delete(Replay);
        GC.SuppressFinalize(this);
    }
}
