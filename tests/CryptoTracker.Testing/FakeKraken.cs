using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CryptoTracker.Testing;

/// <summary>A Kraken stand-in on loopback: real HTTP, answers chosen per test.</summary>
public sealed class FakeKraken : IAsyncDisposable
{
    private readonly WebApplication _app;
    public ConcurrentQueue<string> UserAgents { get; } = new();
    public Func<HttpContext, Task>? Ticker { get; set; }
    public Func<HttpContext, Task>? Ohlc { get; set; }
    public ConcurrentQueue<(string Query, DateTimeOffset At)> OhlcCalls { get; } = new();
    public int AssetPairCalls;

    public const string AssetPairs = """
        {"error":[],"result":{
          "XXBTZUSD":{"altname":"XBTUSD","wsname":"XBT/USD","base":"XXBT","quote":"ZUSD","status":"online"},
          "XETHZEUR":{"altname":"ETHEUR","wsname":"ETH/EUR","base":"XETH","quote":"ZEUR","status":"online"}}}
        """;

    public FakeKraken()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGet("/0/public/AssetPairs", (HttpContext c) =>
        {
            Interlocked.Increment(ref AssetPairCalls);
            UserAgents.Enqueue(c.Request.Headers.UserAgent.ToString());
            return Results.Text(AssetPairs, "application/json");
        });
        _app.MapGet("/0/public/Ticker", (HttpContext c) =>
        {
            UserAgents.Enqueue(c.Request.Headers.UserAgent.ToString());
            return Ticker?.Invoke(c) ?? c.Response.WriteAsync("""{"error":[],"result":{}}""");
        });
        _app.MapGet("/0/public/OHLC", (HttpContext c) =>
        {
            OhlcCalls.Enqueue((c.Request.QueryString.Value ?? "", DateTimeOffset.UtcNow));
            return Ohlc?.Invoke(c) ?? c.Response.WriteAsync("""{"error":["EQuery:Unknown asset pair"]}""");
        });
    }

    public async Task<string> StartAsync()
    {
        await _app.StartAsync();
        return _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
