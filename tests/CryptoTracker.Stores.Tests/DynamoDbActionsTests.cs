using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Amazon.DynamoDBv2;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using CryptoTracker.DynamoDb;

namespace CryptoTracker.Stores.Tests;

/// <summary>
/// The IAM grants of the deployed functions come from <see cref="DynamoDbActions"/>: here the store runs every
/// operation of each use against dynalite through a client that records the API actions it really sends.
/// </summary>
[Collection(DynaliteCollection.Name)]
public sealed class DynamoDbActionsTests(DynaliteFixture dynalite) : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2023, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly MetricId Btc = new("price", "btcusd");
    private readonly IAmazonDynamoDB _client = dynalite.CreateClient();

    public void Dispose() => _client.Dispose();

    private static TickCommit Tick(int minute, params Alert[] alerts) => new(
        [(Btc, new Point(T0.AddMinutes(minute), 100 + minute))],
        alerts,
        [],
        new CollectorStatus(T0.AddMinutes(minute), T0.AddMinutes(minute), 1, new SourceStatus("test", null, null, null, 0, 0), null),
        T0.AddMinutes(minute).AddDays(-1), T0.AddMinutes(minute).AddDays(-7));

    /// <summary>A store whose table exists already (created without recording: only local endpoints create tables).</summary>
    private async Task<(DynamoDbMetricStore Store, ActionRecorder Recorder)> RecordingStoreAsync(DynamoDbStoreOptions options)
    {
        await new DynamoDbMetricStore(_client, options).InitializeAsync(Ct);
        var (client, recorder) = ActionRecorder.Wrap(_client);
        return (new DynamoDbMetricStore(client, options), recorder);
    }

    private static async Task ReadEverythingAsync(IMetricStore store)
    {
        await store.GetSummariesAsync(Ct);
        await store.GetHistoryAsync(Btc, T0, T0.AddHours(1), Ct);
        await store.GetAlertsAsync(T0, Ct);
        await store.GetStatusAsync(Ct);
    }

    [Fact]
    public async Task Writer_CallsExactlyTheWriterActions()
    {
        var options = dynalite.Options();
        var (store, recorder) = await RecordingStoreAsync(options);
        var alert = new Alert("a1", Btc, T0.AddMinutes(2), 500, 100, 5);

        await store.LoadAsync(T0, T0, Ct);
        await store.CommitAsync(Tick(1), Ct);
        await store.CommitAsync(Tick(2, alert), Ct);
        await store.GetUndeliveredAlertsAsync(AlertChannels.Sns, T0, Ct);
        await store.MarkDeliveredAsync(AlertChannels.Sns, ["a1"], T0.AddMinutes(3), Ct);
        await ReadEverythingAsync(store);

        Assert.Equal(DynamoDbActions.Writer.Order(), recorder.Actions.Order());
    }

    [Fact]
    public async Task Reader_CallsExactlyTheReaderActions()
    {
        var options = dynalite.Options();
        var writer = new DynamoDbMetricStore(_client, options);
        await writer.InitializeAsync(Ct);
        await writer.CommitAsync(Tick(1, new Alert("a1", Btc, T0.AddMinutes(1), 500, 100, 5)), Ct);
        var (reader, recorder) = await RecordingStoreAsync(options);

        await ReadEverythingAsync(reader);

        Assert.Equal(DynamoDbActions.Reader.Order(), recorder.Actions.Order());
    }

    [Fact]
    public void Reader_IsASubsetOfWriter_AndNoListHoldsAWildcard()
    {
        Assert.All(DynamoDbActions.Reader, a => Assert.Contains(a, DynamoDbActions.Writer));
        Assert.All(DynamoDbActions.Writer.Concat(DynamoDbActions.Reader), a =>
        {
            Assert.StartsWith("dynamodb:", a);
            Assert.DoesNotContain("*", a);
        });
    }

    /// <summary>Records the DynamoDB API action behind every client call (method FooAsync is action dynamodb:Foo).</summary>
    public class ActionRecorder : DispatchProxy
    {
        private readonly ConcurrentDictionary<string, bool> _actions = new();
        private IAmazonDynamoDB _inner = null!;

        public IReadOnlyList<string> Actions => [.. _actions.Keys];

        public static (IAmazonDynamoDB Client, ActionRecorder Recorder) Wrap(IAmazonDynamoDB inner)
        {
            var client = Create<IAmazonDynamoDB, ActionRecorder>();
            var recorder = (ActionRecorder)(object)client;
            recorder._inner = inner;
            return (client, recorder);
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (method!.Name.EndsWith("Async", StringComparison.Ordinal))
                _actions.TryAdd("dynamodb:" + method.Name[..^"Async".Length], true);
            try
            {
                return method.Invoke(_inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
        }
    }
}
