using System.Globalization;
using System.Text.Json;
using CryptoTracker.Core.Markets;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using CryptoTracker.Sources.Binance;
using CryptoTracker.Sources.Http;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Sources.Coinbase;

/// <summary>Tracker:Coinbase settings.</summary>
public sealed class CoinbaseOptions
{
    public const string DefaultProducts = "BTC-USD,BTC-EUR,BTC-GBP,BTC-USDT,ETH-USD,ETH-EUR,ETH-GBP,ETH-USDT";

    public string BaseUrl { get; set; } = "https://api.exchange.coinbase.com";

    /// <summary>Comma-separated Coinbase product ids (<c>BTC-USD</c>). One request per product per tick: there is no all-products ticker.</summary>
    public string Products { get; set; } = DefaultProducts;

    /// <summary>Coinbase allows 10 public requests/s per IP; stay below it.</summary>
    public double RequestsPerSecond { get; set; } = 8;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public IReadOnlyList<string> ProductList =>
        Products.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => p.ToUpperInvariant()).Distinct().ToList();
}

/// <summary>A product's ticker: last trade price, 24 h base volume, and the time of the last trade.</summary>
public sealed record CoinbaseTick(double Price, double Volume24h, DateTimeOffset Time);

public static class CoinbaseParser
{
    /// <summary><c>GET /products/{id}/ticker</c>: strings <c>price</c>, <c>volume</c> (24 h, base currency) and ISO-8601 <c>time</c>. Errors are <c>{"message"}</c>.</summary>
    public static CoinbaseTick ParseTicker(string json)
    {
        using var doc = ExchangeHttp.Parse("Coinbase", json);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new ExchangeApiException("Coinbase answered a ticker that is not a JSON object.");
        if (root.TryGetProperty("message", out var message) && !root.TryGetProperty("price", out _))
            throw new ExchangeApiException($"Coinbase error: {message.GetString()}");
        if (!ExchangeJson.TryDecimalString(root, "price", out var price) || !ExchangeJson.TryDecimalString(root, "volume", out var volume)
            || !root.TryGetProperty("time", out var t) || !DateTimeOffset.TryParse(t.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            throw new ExchangeApiException("Coinbase answered a ticker without price, volume or time.");
        return new CoinbaseTick(price, volume, time.ToUniversalTime());
    }
}

/// <summary>
/// Coinbase Exchange: <c>GET /products/{id}/ticker</c> for each configured product, one after another, paced below the
/// 10 requests/s public limit. The ticker carries the 24 h volume, so <c>/stats</c> (the same volume plus open/high/low)
/// is not needed. Metrics: <c>price</c>, <c>volume</c>; stamped with the last trade's time. A product that fails fails
/// the whole fetch (the retry then asks again), so a tick never mixes old and new products silently.
/// </summary>
public sealed class CoinbaseSource(IHttpClientFactory httpFactory, IOptions<CoinbaseOptions> options, TimeProvider clock) : IMarketSource
{
    public const string HttpClientName = "coinbase";

    private readonly CoinbaseOptions _options = options.Value;
    private readonly RequestPacer _pacer = new(TimeSpan.FromSeconds(1 / options.Value.RequestsPerSecond), clock);

    public string Name => "coinbase";

    public async Task<IReadOnlyList<Quote>> FetchAsync(CancellationToken ct) => (await FetchMarketAsync(ct)).Select(q => q.Quote).ToList();

    public async Task<IReadOnlyList<MarketQuote>> FetchMarketAsync(CancellationToken ct)
    {
        var http = httpFactory.CreateClient(HttpClientName);
        var quotes = new List<MarketQuote>();
        foreach (var product in _options.ProductList)
        {
            await _pacer.WaitAsync(ct);
            var path = $"/products/{Uri.EscapeDataString(product)}/ticker";
            var tick = CoinbaseParser.ParseTicker(await ExchangeHttp.GetAsync(http, "Coinbase", path, _options.Timeout, ct));
            var symbol = Symbols.Normalize(product);
            if (!MetricId.IsValidSymbol(symbol)) continue;
            quotes.Add(new MarketQuote(new Quote(new MetricId("price", symbol), tick.Price), tick.Time));
            quotes.Add(new MarketQuote(new Quote(new MetricId("volume", symbol), tick.Volume24h), tick.Time));
        }
        return quotes;
    }
}
