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

    public static (IAmazonDynamoDB Client, DynamoDbInterceptor Interceptor) Wrap(IAmazonDynamoDB inner)
    {
        var client = Create<IAmazonDynamoDB, DynamoDbInterceptor>();
        var interceptor = (DynamoDbInterceptor)(object)client;
        interceptor._inner = inner;
        return (client, interceptor);
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        if (method!.Name == nameof(IAmazonDynamoDB.BatchWriteItemAsync) && args is [BatchWriteItemRequest request, CancellationToken ct])
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
}
