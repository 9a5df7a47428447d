using CryptoTracker.Sources.Http;

namespace CryptoTracker.Sources.Binance;

/// <summary>Tracker:Binance settings.</summary>
public sealed class BinanceOptions
{
    /// <summary>api.binance.com answers HTTP 451 to US and many cloud addresses; https://api.binance.us is the US exchange.</summary>
    public string BaseUrl { get; set; } = "https://api.binance.com";

    /// <summary>Comma-separated symbols (<c>btcusdt,ethusdt</c>), or <c>*</c> for every symbol. Symbols Binance does not list are simply absent.</summary>
    public string Pairs { get; set; } = ExchangeClients.DefaultPairs;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
