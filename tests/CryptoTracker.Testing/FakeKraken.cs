using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CryptoTracker.Testing;

/// <summary>A Kraken stand-in on loopback: real HTTP, answers chosen per test.</summary>
public sealed class FakeKraken : LoopbackServer
{
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
        App.MapGet("/0/public/AssetPairs", (HttpContext c) =>
        {
            Interlocked.Increment(ref AssetPairCalls);
            UserAgents.Enqueue(c.Request.Headers.UserAgent.ToString());
            return Results.Text(AssetPairs, "application/json");
        });
        App.MapGet("/0/public/Ticker", (HttpContext c) =>
        {
            UserAgents.Enqueue(c.Request.Headers.UserAgent.ToString());
            return Ticker?.Invoke(c) ?? c.Response.WriteAsync("""{"error":[],"result":{}}""");
        });
        App.MapGet("/0/public/OHLC", (HttpContext c) =>
        {
            OhlcCalls.Enqueue((c.Request.QueryString.Value ?? "", DateTimeOffset.UtcNow));
            return Ohlc?.Invoke(c) ?? c.Response.WriteAsync("""{"error":["EQuery:Unknown asset pair"]}""");
        });
    }
}
