using System.Globalization;
using System.Net;
using CryptoTracker.Api.Configuration;
using CryptoTracker.Core.Ports;
using CryptoTracker.Core.Subscriptions;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Subscriptions;

/// <summary>
/// In front of every subscription write: refuses what a page on another site can send (a <c>Sec-Fetch-Site: cross-site</c>
/// request: 403; a body that is not declared JSON, which is what no-cors fetches and forms send: 415), then counts the
/// request against the client's per-minute budget in the store (429), shared by every process.
/// </summary>
public sealed class SubscriptionRequestGuard : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var request = http.Request;
        if (string.Equals(request.Headers["Sec-Fetch-Site"].ToString(), "cross-site", StringComparison.OrdinalIgnoreCase))
            return TypedResults.Problem("Subscriptions are changed from this tracker's own pages or with an API client, not from other web sites.",
                statusCode: StatusCodes.Status403Forbidden, title: "Cross-site request refused", type: "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4");

        // POST always carries a JSON body; DELETE may give the ARN in the query string instead, then without a body.
        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0 || HttpMethods.IsPost(request.Method);
        if (hasBody && !IsJson(request.ContentType))
            return TypedResults.Problem("Send the body as JSON with the header Content-Type: application/json.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported Media Type", type: "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.16");

        var services = http.RequestServices;
        // No desk without an alert topic: the endpoint answers 503 and there is nothing to count.
        if (services.GetService<SubscriptionDesk>() is { } desk)
        {
            var tracker = services.GetRequiredService<IOptions<TrackerOptions>>().Value;
            var client = ClientKey.For(ClientAddress(http, tracker.Subscriptions.TrustForwardedFor));
            if (!await desk.AdmitClientAsync(client, http.RequestAborted))
            {
                http.Response.Headers.RetryAfter = "60";
                return TypedResults.Problem(
                    $"At most {desk.Policy.PermitsPerClientPerMinute} subscription requests per minute per client; try again later.",
                    statusCode: StatusCodes.Status429TooManyRequests, title: "Too many subscription requests", type: "https://www.rfc-editor.org/rfc/rfc6585#section-4");
            }
        }
        return await next(context);
    }

    internal static bool IsJson(string? contentType) =>
        contentType is { Length: > 0 } && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        && (media.Charset.Length == 0 || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    /// <summary>The client's address; behind a trusted proxy the last X-Forwarded-For entry (the one the proxy saw).</summary>
    internal static IPAddress? ClientAddress(HttpContext http, bool trustForwardedFor)
    {
        if (trustForwardedFor && http.Request.Headers["X-Forwarded-For"].ToString() is { Length: > 0 } forwarded
            && IPAddress.TryParse(forwarded.Split(',')[^1].Trim(), out var ip))
            return ip;
        return http.Connection.RemoteIpAddress;
    }
}
