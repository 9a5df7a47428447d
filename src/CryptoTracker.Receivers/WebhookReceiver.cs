using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Alerts.Rules;

namespace CryptoTracker.Receivers;

/// <summary>
/// POSTs the alert as JSON. <c>X-CryptoTracker-Alert-Id</c> is the same on every retry, so the receiver can drop duplicates;
/// with a Secret, <c>X-CryptoTracker-Signature: sha256=&lt;hex HMAC-SHA256 of the exact body bytes&gt;</c>.
/// </summary>
public sealed class WebhookReceiver(HttpClient http, ReceiverOptions options, Uri? publicUrl, TimeProvider clock) : HttpReceiver(http, options, clock)
{
    public const string SignatureHeader = "X-CryptoTracker-Signature";

    public static byte[] Body(Alert a, Uri? publicUrl) => JsonSerializer.SerializeToUtf8Bytes(
        new WebhookPayload(a.Id, a.Metric.ToString(), a.Metric.Type, a.Metric.Symbol, a.T.UtcDateTime, a.Value,
            AlertKind.ComparesWithMean(a.Kind) ? a.Reference : null, a.Reference, a.Ratio, a.Rule, a.Kind, a.Threshold, AlertText.Link(a, publicUrl)),
        ReceiversJsonContext.Default.WebhookPayload);

    public static string Signature(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    protected override HttpRequestMessage CreateRequest(Alert alert)
    {
        var body = Body(alert, publicUrl);
        var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (Options.Secret is { Length: > 0 } secret) request.Headers.TryAddWithoutValidation(SignatureHeader, Signature(body, secret));
        return request;
    }
}
