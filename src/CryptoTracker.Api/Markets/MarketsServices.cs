using CryptoTracker.Api.Configuration;
using CryptoTracker.Core.Markets;
using CryptoTracker.Core.Ports;
using CryptoTracker.Sources.Binance;
using CryptoTracker.Sources.Bitstamp;
using CryptoTracker.Sources.Coinbase;
using CryptoTracker.Sources.Kraken;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Markets;

public static class MarketsServices
{
    public const string UserAgent = "CryptoTracker/1.0 (+self-hosted market tracker)";

    /// <summary>
    /// The exchange adapters and, when Tracker:Sources is set, the <see cref="MarketsSource"/> that replaces the single
    /// source as the tick's <see cref="IQuoteSource"/> (registered last, so it wins).
    /// </summary>
    public static IServiceCollection AddMarkets(this IServiceCollection services, IConfiguration section)
    {
        services.AddSingleton<IValidateOptions<TrackerOptions>, MarketsOptionsValidator>();
        services.AddSingleton<IOptions<BinanceOptions>>(sp => Options.Create(sp.GetRequiredService<IOptions<TrackerOptions>>().Value.Binance));
        services.AddSingleton<IOptions<CoinbaseOptions>>(sp => Options.Create(sp.GetRequiredService<IOptions<TrackerOptions>>().Value.Coinbase));
        services.AddSingleton<IOptions<BitstampOptions>>(sp => Options.Create(sp.GetRequiredService<IOptions<TrackerOptions>>().Value.Bitstamp));

        AddClient(services, BinanceSource.HttpClientName, o => o.Binance.BaseUrl);
        AddClient(services, CoinbaseSource.HttpClientName, o => o.Coinbase.BaseUrl);
        AddClient(services, BitstampSource.HttpClientName, o => o.Bitstamp.BaseUrl);
        services.AddSingleton<BinanceSource>();
        services.AddSingleton<CoinbaseSource>();
        services.AddSingleton<BitstampSource>();

        var sources = section["Sources"];
        if (string.IsNullOrWhiteSpace(sources) && !TrackerOptions.IsMarketOnlySource(section["Source"])) return services;

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
            return new MarketsSource(adapters, sp.GetRequiredService<MarketBoard>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<IOptions<TrackerOptions>>(), sp.GetRequiredService<ILogger<MarketsSource>>());
        });
        services.AddSingleton<IQuoteSource>(sp => sp.GetRequiredService<MarketsSource>());
        return services;
    }

    private static void AddClient(IServiceCollection services, string name, Func<TrackerOptions, string> baseUrl) =>
        services.AddHttpClient(name, (sp, http) =>
        {
            http.BaseAddress = new Uri(baseUrl(sp.GetRequiredService<IOptions<TrackerOptions>>().Value));
            http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent); // Coinbase refuses requests without one
            http.Timeout = Timeout.InfiniteTimeSpan; // each call has its own timeout (Tracker:<TrackedMetrics>:Timeout)
        });
}
