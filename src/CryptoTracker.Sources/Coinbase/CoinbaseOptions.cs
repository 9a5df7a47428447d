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
