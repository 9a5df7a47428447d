using System.Net;
using System.Text.Json;

namespace CryptoTracker.Sources.Http;

/// <summary>
/// One GET with its own timeout, turning the ways it can fail into messages that name the exchange and the cause. The
/// timeout runs on the source's clock (the injected <see cref="TimeProvider"/>), like the pacing and the retries.
/// </summary>
public static class ExchangeHttp
{
    public static async Task<string> GetAsync(HttpClient http, string exchange, string path, TimeSpan timeout, TimeProvider clock, CancellationToken ct,
        Func<HttpStatusCode, string?>? explain = null)
    {
        using var deadline = new CancellationTokenSource(timeout, clock);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            using var response = await http.GetAsync(path, limit.Token);
            var body = await response.Content.ReadAsStringAsync(limit.Token);
            if (response.IsSuccessStatusCode) return body;
            var status = response.StatusCode;
            var message = $"{exchange} {path} answered HTTP {(int)status} {response.ReasonPhrase}.";
            if (status == HttpStatusCode.TooManyRequests)
                message += $" Rate limited{(response.Headers.RetryAfter?.Delta is { } d ? $", retry after {d.TotalSeconds:0} s" : "")}: poll fewer symbols or less often.";
            if (explain?.Invoke(status) is { } hint) message += " " + hint;
            throw new ExchangeApiException(message, status);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{exchange} {path} did not answer within {timeout.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>Parses a body; malformed JSON becomes an <see cref="ExchangeApiException"/> naming the exchange.</summary>
    public static JsonDocument Parse(string exchange, string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new ExchangeApiException($"{exchange} answered malformed JSON: {ex.Message}", inner: ex);
        }
    }
}
