using CryptoTracker.Sources.Http;

namespace CryptoTracker.Sources.Kraken;

/// <summary>Tracker:Kraken settings.</summary>
public sealed class KrakenOptions
{
    public string BaseUrl { get; set; } = "https://api.kraken.com";

    /// <summary>Comma-separated symbols (<c>btcusd,ethusd</c>), or <c>*</c> for every online pair.</summary>
    public string Pairs { get; set; } = ExchangeClients.DefaultPairs;

    /// <summary>How long the AssetPairs mapping is trusted before it is fetched again.</summary>
    public TimeSpan AssetPairsRefresh { get; set; } = TimeSpan.FromHours(6);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Least time between the backfill's OHLC calls: Kraken's public limit is about one call per second.</summary>
    public TimeSpan CallInterval { get; set; } = TimeSpan.FromSeconds(1.1);

    /// <summary>Also report <c>volume1m</c> live: one OHLC call per tracked pair per tick (off by default: ≈1.1 s per pair).</summary>
    public bool MinuteVolume { get; set; }

    /// <summary>Backfill (and MinuteVolume) ask OHLC once per pair: at most this many pairs (with <c>*</c>, the first ones by symbol).</summary>
    public int BackfillMaxPairs { get; set; } = 24;

    public bool TracksAll => Symbols.TracksAll(Pairs);

    public IReadOnlySet<string> PairSet => Symbols.Set(Pairs);
}
