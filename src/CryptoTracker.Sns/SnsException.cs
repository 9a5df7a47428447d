using System.Net;
using System.Xml.Linq;
using CryptoTracker.Core.Ports;

namespace CryptoTracker.Sns;

/// <summary>
/// An SNS error: the <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code&gt;…&lt;Message&gt;…</c> of a refused call, or a timeout / network
/// failure (Code Timeout / NetworkError, no status). Throttling, 5xx and timeouts are retryable.
/// </summary>
public sealed class SnsException(string code, string message, HttpStatusCode? status, string? requestId, bool retryable, Exception? inner = null)
    : NotificationException(code, message, retryable, inner)
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "Throttled", "ThrottledException", "RequestThrottled", "TooManyRequestsException",
        "KMSThrottling", "ServiceUnavailable", "InternalError", "InternalFailure", "RequestTimeout",
    };

    public HttpStatusCode? Status { get; } = status;
    public string? RequestId { get; } = requestId;

    public static bool IsRetryable(HttpStatusCode status, string code) =>
        (int)status >= 500 || status == HttpStatusCode.TooManyRequests || ThrottlingCodes.Contains(code);

    /// <summary>Reads an SNS error body; a body that is not one (a proxy's HTML page, nothing) still yields an exception with the status.</summary>
    public static SnsException FromResponse(HttpStatusCode status, string body)
    {
        string? code = null, message = null, requestId = null;
        try
        {
            var root = XDocument.Parse(body).Root;
            var error = root?.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            code = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value.Trim();
            message = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value.Trim();
            requestId = root?.Descendants().FirstOrDefault(e => e.Name.LocalName == "RequestId")?.Value.Trim();
        }
        catch (System.Xml.XmlException)
        {
        }
        code = code is { Length: > 0 } ? code : $"Http{(int)status}";
        message = message is { Length: > 0 } ? message : $"SNS answered HTTP {(int)status} without an error document.";
        return new SnsException(code, message, status, requestId, IsRetryable(status, code));
    }
}
