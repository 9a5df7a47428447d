using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CryptoTracker.Testing;

/// <summary>One request as the receiver saw it: the exact body bytes and every header.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
}

/// <summary>
/// An HTTP receiver on 127.0.0.1 (a free port) that records every request and answers with the next scripted status
/// (then 200). A scripted 0 means: do not answer until the client gives up (a hung receiver).
/// </summary>
public sealed class LoopbackReceiver : LoopbackServer
{
    private readonly ConcurrentQueue<int> _script = new();
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private LoopbackReceiver() => App.Run(context => HandleAsync(context));

    public Uri Url { get; private set; } = null!;
    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>A started receiver; its <see cref="Url"/> has a token in the path, like chat webhooks.</summary>
    public static async Task<LoopbackReceiver> OpenAsync()
    {
        var receiver = new LoopbackReceiver();
        receiver.Url = new Uri((await receiver.StartAsync()).TrimEnd('/') + "/hook/t0ken-in-the-path");
        return receiver;
    }

    /// <summary>The next requests are answered with these statuses, in order.</summary>
    public void Answer(params int[] statuses)
    {
        foreach (var s in statuses) _script.Enqueue(s);
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path, headers, body.ToArray()));
        _arrived.Release();
        var status = _script.TryDequeue(out var s) ? s : 200;
        if (status == 0)
        {
            try { await Task.Delay(Timeout.Infinite, context.RequestAborted); } catch (OperationCanceledException) { }
            return;
        }
        context.Response.StatusCode = status;
    }

    /// <summary>Waits (generously) until at least <paramref name="count"/> requests arrived.</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(int count, TimeSpan? limit = null)
    {
        using var cts = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(60));
        while (_requests.Count < count) await _arrived.WaitAsync(cts.Token);
        return Requests;
    }
}
