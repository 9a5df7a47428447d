using CryptoTracker.Sources.Kraken;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Configuration;

public sealed class KrakenOptionsValidator : IValidateOptions<KrakenOptions>
{
    public ValidateOptionsResult Validate(string? name, KrakenOptions o)
    {
        var errors = new List<string>();
        if (!Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            errors.Add($"Tracker:Kraken:BaseUrl must be an absolute http(s) URL (got '{o.BaseUrl}').");
        if (!o.TracksAll)
        {
            if (o.PairSet.Count == 0) errors.Add("Tracker:Kraken:Pairs must list at least one symbol (e.g. btcusd,ethusd) or be '*'.");
            foreach (var bad in o.PairSet.Where(p => !Core.Metrics.MetricId.IsValidSymbol(p)))
                errors.Add($"Tracker:Kraken:Pairs: '{bad}' is not a symbol (lower-case base+quote, e.g. btcusd).");
        }
        if (o.Timeout <= TimeSpan.Zero) errors.Add("Tracker:Kraken:Timeout must be positive.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
