using System.Net;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Ports;

namespace CryptoTracker.Receivers;

/// <summary>
/// A receiver reached by one HTTP request per alert. Errors are reported by kind only (timeout, connection failed, HTTP 503),
/// never with the URL, which may carry a token. 408, 429 and 5xx are retryable; any other 4xx is a refusal for good.
/// The per-attempt timeout runs on <paramref name="clock"/> (the system clock in the app; a fake one in tests).
/// </summary>
public abstract class HttpReceiver(HttpClient http, ReceiverOptions options, TimeProvider clock) : IAlertPublisher
{
    protected ReceiverOptions Options { get; } = options;
    protected Uri Url { get; } = new(options.Url!);

    protected abstract HttpRequestMessage CreateRequest(Alert alert);

    public async Task PublishAsync(Alert alert, CancellationToken ct)
    {
        using var request = CreateRequest(alert);
        request.Headers.TryAddWithoutValidation("X-CryptoTracker-Alert-Id", alert.Id);
        using var deadline = new CancellationTokenSource(Options.Timeout, clock);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new NotificationException("Timeout", $"no answer within {Options.Timeout.TotalSeconds:0.#} s", retryable: true);
        }
        catch (HttpRequestException ex)
        {
            var what = ex.HttpRequestError switch
            {
                HttpRequestError.ConnectionError => "connection failed",
                HttpRequestError.NameResolutionError => "host name not resolved",
                HttpRequestError.SecureConnectionError => "TLS handshake failed",
                _ => "request failed",
            };
            throw new NotificationException("NetworkError", what, retryable: true);
        }
        using (response)
        {
            if (response.IsSuccessStatusCode) return;
            var code = (int)response.StatusCode;
            var retryable = response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || code >= 500;
            throw new NotificationException("HttpError", $"HTTP {code}", retryable);
        }
    }
}
