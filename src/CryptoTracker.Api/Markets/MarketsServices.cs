using CryptoTracker.Api.Configuration;
using CryptoTracker.Core.Markets;
using CryptoTracker.Core.Ports;
using CryptoTracker.Sources.Binance;
using CryptoTracker.Sources.Bitstamp;
using CryptoTracker.Sources.Coinbase;
using CryptoTracker.Sources.Http;
using CryptoTracker.Sources.Kraken;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Markets;

public static class MarketsServices
{
    /// <summary>
    /// The exchange adapters and, when Tracker:Sources is set, the <see cref="MarketsSource"/> that is the tick's
    /// <see cref="IQuoteSource"/> (the only one registered then).
    /// </summary>
    public static IServiceCollection AddMarkets(this IServiceCollection services, TrackerOptions tracker)
    {
        services.AddSingleton<IValidateOptions<TrackerOptions>, MarketsOptionsValidator>();
        services.AddSingleton<IOptions<BinanceOptions>>(sp => Options.Create(sp.GetRequiredService<IOptions<TrackerOptions>>().Value.Binance));
        services.AddSingleton<IOptions<CoinbaseOptions>>(sp => Options.Create(sp.GetRequiredService<IOptions<TrackerOptions>>().Value.Coinbase));
        services.AddSingleton<IOptions<BitstampOptions>>(sp => Options.Create(sp.GetRequiredService<IOptions<TrackerOptions>>().Value.Bitstamp));

        services.AddExchangeClient(BinanceSource.HttpClientName, sp => sp.GetRequiredService<IOptions<TrackerOptions>>().Value.Binance.BaseUrl);
        services.AddExchangeClient(CoinbaseSource.HttpClientName, sp => sp.GetRequiredService<IOptions<TrackerOptions>>().Value.Coinbase.BaseUrl);
        services.AddExchangeClient(BitstampSource.HttpClientName, sp => sp.GetRequiredService<IOptions<TrackerOptions>>().Value.Bitstamp.BaseUrl);
        services.AddSingleton<BinanceSource>();
        services.AddSingleton<CoinbaseSource>();
        services.AddSingleton<BitstampSource>();

        if (!tracker.UsesMarkets) return services;

        services.AddSingleton(sp => new MarketBoard(sp.GetRequiredService<IOptions<TrackerOptions>>().Value.SourceNames));
        services.AddSingleton(sp =>
        {
            var names = sp.GetRequiredService<IOptions<TrackerOptions>>().Value.SourceNames;
            var adapters = names.Select(name => name switch
            {
                "kraken" => (IQuoteSource)sp.GetRequiredService<KrakenSource>(),
                "binance" => sp.GetRequiredService<BinanceSource>(),
                "coinbase" => sp.GetRequiredService<CoinbaseSource>(),
                "bitstamp" => sp.GetRequiredService<BitstampSource>(),
                _ => throw new InvalidOperationException($"Tracker:Sources: unknown source '{name}'."),
            }).ToList();
            var o = sp.GetRequiredService<IOptions<TrackerOptions>>().Value;
            return new MarketsSource(adapters, sp.GetRequiredService<MarketBoard>(), sp.GetRequiredService<TimeProvider>(), o.Collector.FetchAttempts, o.Quality);
        });
        services.AddSingleton<IQuoteSource>(sp => sp.GetRequiredService<MarketsSource>());
        return services;
    }
}
