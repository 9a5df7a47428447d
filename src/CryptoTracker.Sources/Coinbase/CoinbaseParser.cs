using System.Globalization;
using System.Text.Json;
using CryptoTracker.Sources.Http;

namespace CryptoTracker.Sources.Coinbase;

public static class CoinbaseParser
{
    /// <summary><c>GET /products/{id}/ticker</c>: strings <c>price</c>, <c>volume</c> (24 h, base currency) and ISO-8601 <c>time</c>. Errors are <c>{"message"}</c>.</summary>
    public static CoinbaseTick ParseTicker(string json)
    {
        using var doc = ExchangeHttp.Parse("Coinbase", json);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new ExchangeApiException("Coinbase answered a ticker that is not a JSON object.");
        if (root.TryGetProperty("message", out var message) && !root.TryGetProperty("price", out _))
            throw new ExchangeApiException($"Coinbase error: {message.GetString()}");
        if (!ExchangeJson.TryDecimalString(root, "price", out var price) || !ExchangeJson.TryDecimalString(root, "volume", out var volume)
            || !root.TryGetProperty("time", out var t) || !DateTimeOffset.TryParse(t.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            throw new ExchangeApiException("Coinbase answered a ticker without price, volume or time.");
        return new CoinbaseTick(price, volume, time.ToUniversalTime());
    }
}
