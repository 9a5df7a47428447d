using CryptoTracker.Sources.Http;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Configuration;

/// <summary>Validates the market sources' settings with the rest of Tracker (a bad one stops start-up naming the key).</summary>
public sealed class MarketsOptionsValidator : IValidateOptions<TrackerOptions>
{
    public ValidateOptionsResult Validate(string? name, TrackerOptions o)
    {
        var errors = new List<string>();
        if (o.UsesMarkets)
        {
            var names = o.SourceNames;
            foreach (var bad in names.Where(n => !TrackerOptions.MarketNames.Contains(n)))
                errors.Add($"Tracker:Sources: '{bad}' is not a live market source (one or more of {string.Join(", ", TrackerOptions.MarketNames)}).");
            if (names.Distinct().Count() != names.Count) errors.Add("Tracker:Sources lists a source twice.");
            if (o.Source != TrackerSource.Kraken) errors.Add($"Tracker:Sources cannot be combined with Tracker:Source={o.Source.Name()}: leave Tracker:Source unset.");
        }
        if (!(o.Quality.MaxDeviation > 0) || !double.IsFinite(o.Quality.MaxDeviation)) errors.Add("Tracker:Quality:MaxDeviation must be a positive fraction such as 0.05.");
        if (o.Quality.MaxTickerAge <= TimeSpan.Zero) errors.Add("Tracker:Quality:MaxTickerAge must be positive (e.g. 00:10:00).");
        Url(errors, "Tracker:Binance:BaseUrl", o.Binance.BaseUrl);
        Url(errors, "Tracker:Coinbase:BaseUrl", o.Coinbase.BaseUrl);
        Url(errors, "Tracker:Bitstamp:BaseUrl", o.Bitstamp.BaseUrl);
        Pairs(errors, "Tracker:Binance:Pairs", o.Binance.Pairs);
        Pairs(errors, "Tracker:Bitstamp:Pairs", o.Bitstamp.Pairs);
        if (o.Coinbase.ProductList.Count == 0 || o.Coinbase.ProductList.Any(p => !Core.Metrics.MetricId.IsValidSymbol(Symbols.Normalize(p))))
            errors.Add($"Tracker:Coinbase:Products must list Coinbase product ids such as BTC-USD,ETH-EUR (got '{o.Coinbase.Products}').");
        if (!(o.Coinbase.RequestsPerSecond is > 0 and <= 10)) errors.Add("Tracker:Coinbase:RequestsPerSecond must be above 0 and at most 10 (Coinbase's public limit).");
        if (o.Binance.Timeout <= TimeSpan.Zero || o.Coinbase.Timeout <= TimeSpan.Zero || o.Bitstamp.Timeout <= TimeSpan.Zero)
            errors.Add("Tracker:Binance|Coinbase|Bitstamp:Timeout must be positive.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Url(List<string> errors, string key, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            errors.Add($"{key} must be an absolute http(s) URL (got '{value}').");
    }

    private static void Pairs(List<string> errors, string key, string value)
    {
        if (Symbols.TracksAll(value)) return;
        var set = Symbols.Set(value);
        if (set.Count == 0) errors.Add($"{key} must list at least one symbol (e.g. btcusdt) or be '*'.");
        foreach (var bad in set.Where(p => !Core.Metrics.MetricId.IsValidSymbol(p)))
            errors.Add($"{key}: '{bad}' is not a symbol (lower-case base+quote, e.g. btcusdt).");
    }
}
