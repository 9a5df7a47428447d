using Microsoft.Extensions.DependencyInjection;

namespace CryptoTracker.Sources.Http;

/// <summary>The one way an exchange's HttpClient is registered: its base URL, our User-Agent, no client-wide timeout.</summary>
public static class ExchangeClients
{
    /// <summary>Sent with every exchange call: Kraken asks for one, Coinbase refuses requests without one.</summary>
    public const string UserAgent = "CryptoTracker/1.0 (+self-hosted market tracker)";

    /// <summary>The pairs every exchange tracks unless told otherwise: btc and eth against eur, gbp, jpy, usd, usdc, usdt.</summary>
    public const string DefaultPairs = "btceur,btcgbp,btcjpy,btcusd,btcusdc,btcusdt,etheur,ethgbp,ethjpy,ethusd,ethusdc,ethusdt";

    public static IHttpClientBuilder AddExchangeClient(this IServiceCollection services, string name, Func<IServiceProvider, string> baseUrl) =>
        services.AddHttpClient(name, (sp, http) =>
        {
            http.BaseAddress = new Uri(baseUrl(sp));
            http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
            http.Timeout = Timeout.InfiniteTimeSpan; // each call has its own timeout (Tracker:<Exchange>:Timeout, ExchangeHttp)
        });
}
