using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace CryptoTracker.Bench.DynamoCost;

/// <summary>Wraps a client and counts every request by operation, with the capacity DynamoDB reports consumed.</summary>
public class RequestMeter : DispatchProxy
{
    private static readonly MethodInfo ObserveMethod = typeof(RequestMeter).GetMethod(nameof(Observe), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private IAmazonDynamoDB _inner = null!;

    public ConcurrentDictionary<string, int> Requests { get; } = new();
    public int RequestsWithoutCapacity;
    private long _writeMicros, _readMicros;

    /// <summary>Write capacity units reported consumed since the last reset.</summary>
    public double WriteUnits => Interlocked.Read(ref _writeMicros) / 1e6;

    /// <summary>Read capacity units reported consumed since the last reset.</summary>
    public double ReadUnits => Interlocked.Read(ref _readMicros) / 1e6;

    public int TotalRequests => Requests.Values.Sum();

    public static (IAmazonDynamoDB Client, RequestMeter Meter) Wrap(IAmazonDynamoDB inner)
    {
        var client = Create<IAmazonDynamoDB, RequestMeter>();
        var meter = (RequestMeter)(object)client;
        meter._inner = inner;
        return (client, meter);
    }

    public void Reset()
    {
        Requests.Clear();
        RequestsWithoutCapacity = 0;
        Interlocked.Exchange(ref _writeMicros, 0);
        Interlocked.Exchange(ref _readMicros, 0);
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        object? result;
        try
        {
            result = method!.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
        if (method.Name.EndsWith("Async", StringComparison.Ordinal) && result is Task task && method.ReturnType.IsGenericType)
        {
            Requests.AddOrUpdate(method.Name[..^5], 1, (_, n) => n + 1);
            return ObserveMethod.MakeGenericMethod(method.ReturnType.GetGenericArguments()[0]).Invoke(this, [task]);
        }
        return result;
    }

    private async Task<T> Observe<T>(Task<T> task)
    {
        var response = await task;
        var capacity = response switch
        {
            BatchWriteItemResponse r => r.ConsumedCapacity?.Sum(c => c.CapacityUnits ?? 0),
            PutItemResponse r => r.ConsumedCapacity?.CapacityUnits,
            UpdateItemResponse r => r.ConsumedCapacity?.CapacityUnits,
            DeleteItemResponse r => r.ConsumedCapacity?.CapacityUnits,
            GetItemResponse r => r.ConsumedCapacity?.CapacityUnits,
            BatchGetItemResponse r => r.ConsumedCapacity?.Sum(c => c.CapacityUnits ?? 0),
            QueryResponse r => r.ConsumedCapacity?.CapacityUnits,
            _ => null,
        };
        var isRead = response is GetItemResponse or QueryResponse or BatchGetItemResponse;
        if (capacity is { } units) Interlocked.Add(ref isRead ? ref _readMicros : ref _writeMicros, (long)Math.Round(units * 1e6));
        else Interlocked.Increment(ref RequestsWithoutCapacity);
        return response;
    }
}
