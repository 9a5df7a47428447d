using System.Globalization;
using System.Text.Json;

namespace CryptoTracker.Sources.Http;

/// <summary>Reading exchanges' JSON: prices and volumes come as decimal strings ("64000.5"), parsed culture-invariantly.</summary>
public static class ExchangeJson
{
    public static bool TryDecimalString(JsonElement obj, string field, out double value)
    {
        value = 0;
        return obj.TryGetProperty(field, out var v) && TryDecimalString(v, out value);
    }

    public static bool TryDecimalString(JsonElement element, out double value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.String
            && double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
