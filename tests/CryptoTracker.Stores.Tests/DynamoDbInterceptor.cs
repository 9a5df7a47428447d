using System.Reflection;
using System.Runtime.ExceptionServices;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace CryptoTracker.Stores.Tests;

/// <summary>A real client with BatchWriteItem optionally replaced, to inject what DynamoDB does under throttling.</summary>
public class DynamoDbInterceptor : DispatchProxy
{
    private IAmazonDynamoDB _inner = null!;

    public Func<IAmazonDynamoDB, BatchWriteItemRequest, CancellationToken, Task<BatchWriteItemResponse>>? BatchWrite { get; set; }

    public int BatchWriteCalls;

    /// <summary>Every request made through the client, by operation (e.g. <c>Query</c>, <c>BatchGetItem</c>).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, int> Calls { get; } = new();

    /// <summary>Write units DynamoDB reported for the BatchWriteItem calls that were not replaced.</summary>
    public double BatchWriteUnits => Interlocked.Read(ref _batchWriteMicros) / 1e6;

    private long _batchWriteMicros;

    public static (IAmazonDynamoDB Client, DynamoDbInterceptor Interceptor) Wrap(IAmazonDynamoDB inner)
    {
        var client = Create<IAmazonDynamoDB, DynamoDbInterceptor>();
        var interceptor = (DynamoDbInterceptor)(object)client;
        interceptor._inner = inner;
        return (client, interceptor);
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        if (method!.Name.EndsWith("Async", StringComparison.Ordinal)) Calls.AddOrUpdate(method.Name[..^5], 1, (_, n) => n + 1);
        if (method.Name == nameof(IAmazonDynamoDB.BatchWriteItemAsync) && BatchWrite is null && args is [BatchWriteItemRequest measured, CancellationToken token])
        {
            Interlocked.Increment(ref BatchWriteCalls);
            return MeasureAsync(measured, token);
        }
        if (method.Name == nameof(IAmazonDynamoDB.BatchWriteItemAsync) && args is [BatchWriteItemRequest request, CancellationToken ct])
        {
            Interlocked.Increment(ref BatchWriteCalls);
            if (BatchWrite is { } replace) return replace(_inner, request, ct);
        }
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

    private async Task<BatchWriteItemResponse> MeasureAsync(BatchWriteItemRequest request, CancellationToken ct)
    {
        var response = await _inner.BatchWriteItemAsync(request, ct);
        var units = response.ConsumedCapacity?.Sum(c => c.CapacityUnits ?? 0) ?? 0;
        Interlocked.Add(ref _batchWriteMicros, (long)Math.Round(units * 1e6));
        return response;
    }
}
