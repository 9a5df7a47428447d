using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;

namespace CryptoTracker.Api.Http;

/// <summary>
/// 200 with pre-serialised JSON (gzip-compressed when the client accepts it), or 304 when the client already holds it
/// (If-None-Match). Declares itself in the endpoint
/// metadata as producing <typeparamref name="T"/>, like <c>Ok&lt;T&gt;</c>, so the OpenAPI document is unchanged.
/// </summary>
public sealed class JsonOk<T>(MaterializedJson json) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult
{
    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext http)
    {
        var response = http.Response;
        var gzip = AcceptsGzip(http.Request) ? json.Gzip : null;
        var etag = gzip is null ? json.ETag : json.GzipETag;
        response.Headers.ETag = etag;
        response.Headers.Vary = "Accept-Encoding";
        response.Headers.CacheControl = "no-cache"; // may be stored, but revalidated: data change every minute
        foreach (var header in http.Request.Headers.IfNoneMatch)
        {
            if (header is not null && header.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*"))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return Task.CompletedTask;
            }
        }
        var body = gzip ?? json.Body;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        if (gzip is not null) response.Headers.ContentEncoding = "gzip";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }

    /// <summary>gzip listed in Accept-Encoding and not refused with q=0.</summary>
    private static bool AcceptsGzip(HttpRequest request)
    {
        foreach (var header in request.Headers.AcceptEncoding)
        {
            if (header is null) continue;
            foreach (var part in header.Split(','))
            {
                var fields = part.Split(';', StringSplitOptions.TrimEntries);
                if (fields[0] is "gzip" or "*" && !fields.Skip(1).Any(f => f.Replace(" ", "") is "q=0" or "q=0.0" or "q=0.00" or "q=0.000"))
                    return true;
            }
        }
        return false;
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}
