using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CryptoTracker.Testing;

/// <summary>
/// Any exchange's stand-in on loopback: real HTTP, one handler per path (query strings ignored), answers chosen per test.
/// Unknown paths answer 404. Every request is recorded with its arrival time.
/// </summary>
public sealed class FakeExchange : LoopbackServer
{
    public ConcurrentDictionary<string, Func<HttpContext, Task>> Routes { get; } = new(StringComparer.Ordinal);
    public ConcurrentQueue<(string PathAndQuery, DateTimeOffset At, string UserAgent)> Requests { get; } = new();

    public FakeExchange()
    {
        App.Run(c =>
        {
            Requests.Enqueue((c.Request.Path + c.Request.QueryString, DateTimeOffset.UtcNow, c.Request.Headers.UserAgent.ToString()));
            if (Routes.TryGetValue(c.Request.Path.Value ?? "", out var handler)) return handler(c);
            c.Response.StatusCode = 404;
            return c.Response.WriteAsync("""{"message":"NotFound"}""");
        });
    }

    public FakeExchange Json(string path, string body) => On(path, c => { c.Response.ContentType = "application/json"; return c.Response.WriteAsync(body); });

    public FakeExchange Status(string path, int status, string body = "") => On(path, c => { c.Response.StatusCode = status; return c.Response.WriteAsync(body); });

    public FakeExchange On(string path, Func<HttpContext, Task> handler)
    {
        Routes[path] = handler;
        return this;
    }

    /// <summary>An IHttpClientFactory with one named client pointed at <paramref name="baseUrl"/>, the way the app configures it.</summary>
    public static IHttpClientFactory Clients(string name, string baseUrl)
    {
        var services = new ServiceCollection();
        services.AddHttpClient(name, h =>
        {
            h.BaseAddress = new Uri(baseUrl);
            h.DefaultRequestHeaders.UserAgent.ParseAdd("CryptoTracker-test/1.0");
            h.Timeout = Timeout.InfiniteTimeSpan;
        });
        return services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
    }
}
