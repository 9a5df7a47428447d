using CryptoTracker.Core.Markets;
using CryptoTracker.Sources.Binance;
using CryptoTracker.Sources.Bitstamp;
using CryptoTracker.Sources.Coinbase;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Configuration;

/// <summary>The settings of the market sources (Tracker:Sources, Tracker:Quality, Tracker:Binance|Coinbase|Bitstamp).</summary>
public sealed partial class TrackerOptions
{
    public static readonly string[] MarketNames = ["kraken", "binance", "coinbase", "bitstamp"];

    /// <summary>Comma-separated live sources polled together (<c>kraken,binance,coinbase</c>). Empty: <see cref="Source"/> alone.</summary>
    public string? Sources { get; set; }

    public MarketQualityOptions Quality { get; set; } = new();
    public BinanceOptions Binance { get; set; } = new();
    public CoinbaseOptions Coinbase { get; set; } = new();
    public BitstampOptions Bitstamp { get; set; } = new();

    /// <summary>The live sources in configuration order; the first is the primary one (health's <c>source</c> object).</summary>
    public IReadOnlyList<string> SourceNames => Sources is { Length: > 0 } list
        ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToLowerInvariant()).ToList()
        : [Source.Name()];

    public string PrimarySource => SourceNames.Count > 0 ? SourceNames[0] : Source.Name();

    /// <summary>Tracker:Sources is set: quotes go through the market pipeline (quality rules; with two or more, per-market ids and aggregates).</summary>
    public bool UsesMarkets => Sources is { Length: > 0 } && SourceNames.Count > 0;

    /// <summary>Two or more markets: <c>type:symbol@market</c> series plus <c>type:symbol</c> aggregates.</summary>
    public bool IsMultiMarket => UsesMarkets && SourceNames.Count > 1;

    // Multi-market stores hold per-market series and aggregates: never mixed with a single source's file.
    // A replay gets one store per file (name + content hash): a second file never serves the first one's data.
    private string StoreFileName => IsMultiMarket ? "markets"
        : Source == TrackerSource.Replay && Replay.File is { Length: > 0 } f && File.Exists(f)
            ? _replayStore ??= global::CryptoTracker.Sources.Replay.ReplayReader.StoreName(f)
            : PrimarySource;

    private string? _replayStore;
}
