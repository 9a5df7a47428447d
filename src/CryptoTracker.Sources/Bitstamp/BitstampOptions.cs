using CryptoTracker.Sources.Http;

namespace CryptoTracker.Sources.Bitstamp;

/// <summary>Tracker:Bitstamp settings.</summary>
public sealed class BitstampOptions
{
    public string BaseUrl { get; set; } = "https://www.bitstamp.net";

    /// <summary>Comma-separated url symbols (<c>btcusd,etheur</c>), or <c>*</c> for every enabled pair.</summary>
    public string Pairs { get; set; } = ExchangeClients.DefaultPairs;

    public TimeSpan PairsRefresh { get; set; } = TimeSpan.FromHours(6);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
