using System.Text.Json;
using CryptoTracker.Core.Markets;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using CryptoTracker.Sources.Http;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Sources.Coinbase;

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
            var tick = CoinbaseParser.ParseTicker(await ExchangeHttp.GetAsync(http, "Coinbase", path, _options.Timeout, clock, ct));
            var symbol = Symbols.Normalize(product);
            if (!MetricId.IsValidSymbol(symbol)) continue;
            quotes.Add(new MarketQuote(new Quote(new MetricId("price", symbol), tick.Price), tick.Time));
            quotes.Add(new MarketQuote(new Quote(new MetricId("volume", symbol), tick.Volume24h), tick.Time));
        }
        return quotes;
    }
}
