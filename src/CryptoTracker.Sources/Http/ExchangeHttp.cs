using System.Net;
using System.Text.Json;
using CryptoTracker.Core.Ports;

namespace CryptoTracker.Sources.Http;

/// <summary>
/// An exchange refused or garbled an answer; <see cref="Status"/> is the HTTP status when there was one. A geo-block (451),
/// a refusal (403) or a ban (418) is final: asking again within the tick cannot change it.
/// </summary>
public sealed class ExchangeApiException(string message, HttpStatusCode? status = null, Exception? inner = null) : Exception(message, inner), IFinalSourceFailure
{
    public HttpStatusCode? Status { get; } = status;

    public bool IsFinal => Status is HttpStatusCode.UnavailableForLegalReasons or HttpStatusCode.Forbidden or (HttpStatusCode)418;
}

/// <summary>One GET with its own timeout, turning the ways it can fail into messages that name the exchange and the cause.</summary>
public static class ExchangeHttp
{
    public static async Task<string> GetAsync(HttpClient http, string exchange, string path, TimeSpan timeout, CancellationToken ct,
        Func<HttpStatusCode, string?>? explain = null)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
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
