using CryptoTracker.Core.Ports;

namespace CryptoTracker.Stores.Tests;

/// <summary>
/// What every <see cref="ISubscriptionLedger"/> must do. Each test gets a fresh store; the race tests use two ledger
/// instances on that one store, as two processes or Lambda instances would, and let them compete.
/// </summary>
public abstract class SubscriptionLedgerContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken Ct = CancellationToken.None;

    protected ISubscriptionLedger Ledger { get; private set; } = null!;
    private ISubscriptionLedger Other { get; set; } = null!;

    /// <summary>A ledger on the test's store; called twice, both must share the store.</summary>
    protected abstract Task<ISubscriptionLedger> CreateLedgerAsync();

    public async ValueTask InitializeAsync()
    {
        Ledger = await CreateLedgerAsync();
        await Ledger.InitializeAsync(Ct);
        Other = await CreateLedgerAsync();
        await Other.InitializeAsync(Ct);
    }

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static PendingConfirmation Pending(string destination, string salt, int minutesLeft = 10, string[]? metrics = null, string[]? rules = null) =>
        new(destination, salt, "hash-of-" + salt, metrics, rules, T0.AddMinutes(minutesLeft), 0);

    [Fact]
    public async Task TryCount_CountsUpToTheLimit_ThenRefuses_UntilTheWindowStartedByTheFirstRequestEnds()
    {
        var window = TimeSpan.FromMinutes(1);
        var results = new List<bool>();
        foreach (var seconds in new[] { 0, 10, 20, 30, 59 })
            results.Add(await Ledger.TryCountAsync("client:a", 3, window, T0.AddSeconds(seconds), Ct));

        // The window began at T0 (the first request) and ends at T0 + 60 s exactly.
        Assert.Equal([true, true, true, false, false], results);
        Assert.True(await Ledger.TryCountAsync("client:a", 3, window, T0.AddSeconds(60), Ct));
        Assert.True(await Other.TryCountAsync("client:a", 3, window, T0.AddSeconds(61), Ct));
        Assert.True(await Ledger.TryCountAsync("client:a", 3, window, T0.AddSeconds(62), Ct));
        Assert.False(await Other.TryCountAsync("client:a", 3, window, T0.AddSeconds(63), Ct));
    }

    [Fact]
    public async Task TryCount_KeysAreCountedApart()
    {
        Assert.True(await Ledger.TryCountAsync("client:a", 1, TimeSpan.FromHours(1), T0, Ct));
        Assert.False(await Ledger.TryCountAsync("client:a", 1, TimeSpan.FromHours(1), T0, Ct));
        Assert.True(await Ledger.TryCountAsync("client:b", 1, TimeSpan.FromHours(1), T0, Ct));
    }

    [Fact]
    public async Task TryCount_FortyParallelRequestsFromTwoInstances_CountExactlyTheLimit()
    {
        var tasks = Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            (i % 2 == 0 ? Ledger : Other).TryCountAsync("destination:x", 7, TimeSpan.FromHours(24), T0.AddMilliseconds(i), Ct)));

        var results = await Task.WhenAll(tasks);

        Assert.Equal(7, results.Count(r => r));
    }

    [Fact]
    public async Task TakeAttempt_CountsEachTry_AndGivesNothingAfterTheLast()
    {
        await Ledger.SavePendingAsync(Pending("sms:1", "salt-1", metrics: ["price:btcusd", "volume:ethusd"]), Ct);

        var first = await Other.TakeAttemptAsync("sms:1", 3, T0, Ct);
        var second = await Ledger.TakeAttemptAsync("sms:1", 3, T0, Ct);
        var third = await Ledger.TakeAttemptAsync("sms:1", 3, T0, Ct);
        var fourth = await Ledger.TakeAttemptAsync("sms:1", 3, T0, Ct);

        Assert.NotNull(first);
        Assert.Equal(1, first.Attempts);
        Assert.Equal("salt-1", first.Salt);
        Assert.Equal("hash-of-salt-1", first.CodeHash);
        Assert.Equal(["price:btcusd", "volume:ethusd"], first.Metrics);
        Assert.Equal(T0.AddMinutes(10), first.ExpiresAt);
        Assert.Equal(2, second?.Attempts);
        Assert.Equal(3, third?.Attempts);
        Assert.Null(fourth);
        Assert.Null(await Ledger.TakeAttemptAsync("sms:unknown", 3, T0, Ct));
    }

    [Fact]
    public async Task Pending_KeepsTheRulesAskedFor_BesideTheMetrics_AndAReplacementWithoutRulesDropsThem()
    {
        await Ledger.SavePendingAsync(Pending("sms:rules", "salt-a", metrics: ["price:btcusd"], rules: ["spike", "btc-below-80k"]), Ct);
        await Ledger.SavePendingAsync(Pending("sms:rules-only", "salt-b", rules: ["eth-moves-5"]), Ct);

        var both = await Other.TakeAttemptAsync("sms:rules", 5, T0, Ct);
        var rulesOnly = await Other.TakeAttemptAsync("sms:rules-only", 5, T0, Ct);
        await Ledger.SavePendingAsync(Pending("sms:rules", "salt-c", metrics: ["price:btcusd"]), Ct);
        var replaced = await Other.TakeAttemptAsync("sms:rules", 5, T0, Ct);

        Assert.Equal(["price:btcusd"], both?.Metrics);
        Assert.Equal(["spike", "btc-below-80k"], both?.Rules);
        Assert.Null(rulesOnly?.Metrics);
        Assert.Equal(["eth-moves-5"], rulesOnly?.Rules);
        Assert.Equal("salt-c", replaced?.Salt);
        Assert.Null(replaced?.Rules);
    }

    [Fact]
    public async Task TakeAttempt_AtOrAfterExpiry_GivesNothing()
    {
        await Ledger.SavePendingAsync(Pending("sms:2", "salt-2", minutesLeft: 10), Ct);

        Assert.NotNull(await Ledger.TakeAttemptAsync("sms:2", 5, T0.AddMinutes(10).AddMilliseconds(-1), Ct));
        Assert.Null(await Ledger.TakeAttemptAsync("sms:2", 5, T0.AddMinutes(10), Ct));
    }

    [Fact]
    public async Task TakeAttempt_TenParallelGuessesFromTwoInstances_GetExactlyTheAllowedFive()
    {
        await Ledger.SavePendingAsync(Pending("sms:3", "salt-3"), Ct);

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            (i % 2 == 0 ? Ledger : Other).TakeAttemptAsync("sms:3", 5, T0, Ct))));

        Assert.Equal(5, results.Count(r => r is not null));
        Assert.Equal([1, 2, 3, 4, 5], results.Where(r => r is not null).Select(r => r!.Attempts).Order());
    }

    [Fact]
    public async Task SavePending_ReplacesTheEarlierCode_AndOnlyTheCurrentSaltRemovesIt()
    {
        await Ledger.SavePendingAsync(Pending("sms:4", "old"), Ct);
        await Ledger.TakeAttemptAsync("sms:4", 5, T0, Ct);
        await Ledger.SavePendingAsync(Pending("sms:4", "new"), Ct);

        var taken = await Ledger.TakeAttemptAsync("sms:4", 5, T0, Ct);
        Assert.Equal("new", taken?.Salt);
        Assert.Equal(1, taken?.Attempts);
        Assert.Null(taken?.Metrics);
        Assert.Null(taken?.Rules);
        Assert.False(await Ledger.RemovePendingAsync("sms:4", "old", Ct));
        Assert.True(await Other.RemovePendingAsync("sms:4", "new", Ct));
        Assert.False(await Ledger.RemovePendingAsync("sms:4", "new", Ct));
        Assert.Null(await Ledger.TakeAttemptAsync("sms:4", 5, T0, Ct));
    }

    [Fact]
    public async Task TryAddSubscriber_TakesNewAndKnownDestinationsWhileBelowTheCap_AndRefusesBothAtIt()
    {
        Assert.True(await Ledger.TryAddSubscriberAsync("email:a", 2, Ct));
        Assert.True(await Other.TryAddSubscriberAsync("email:a", 2, Ct));   // known, 1 of 2: still room
        Assert.True(await Other.TryAddSubscriberAsync("email:b", 2, Ct));
        Assert.False(await Ledger.TryAddSubscriberAsync("email:c", 2, Ct)); // new, at the cap
        Assert.False(await Ledger.TryAddSubscriberAsync("email:a", 2, Ct)); // known, at the cap: the same answer
        Assert.Equal(2, await Ledger.CountSubscribersAsync(Ct));
        Assert.True(await Ledger.TryAddSubscriberAsync("email:c", 3, Ct));  // the cap raised
        Assert.Equal(3, await Other.CountSubscribersAsync(Ct));
    }

    [Fact]
    public async Task TryAddSubscriber_TwentyNewDestinationsInParallelFromTwoInstances_FillTheCapExactly()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            (i % 2 == 0 ? Ledger : Other).TryAddSubscriberAsync($"sms:{i}", 6, Ct))));

        Assert.Equal(6, results.Count(r => r));
        Assert.Equal(6, await Ledger.CountSubscribersAsync(Ct));
    }
}
