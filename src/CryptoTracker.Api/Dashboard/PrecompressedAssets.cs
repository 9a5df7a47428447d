using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace CryptoTracker.Api.Dashboard;

/// <summary>
/// Serves <c>file.gz</c> (written by the dashboard build) in place of <c>file</c> under /assets to clients that accept
/// gzip: Swagger UI's 1.7 MB script goes out as about 0.5 MB, and nothing is compressed per request. The answer keeps
/// the original file's content type and says <c>Content-Encoding: gzip</c>; no other layer compresses it again
/// (neither the app nor the Lambda Web Adapter compresses responses).
/// </summary>
public static class PrecompressedAssets
{
    private const string GzipSuffix = ".gz";

    public static IApplicationBuilder UsePrecompressedAssets(this IApplicationBuilder app, IFileProvider assets, PathString requestPath) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if ((HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                && request.Path.StartsWithSegments(requestPath, out var file)
                && file.HasValue
                && !file.Value!.EndsWith(GzipSuffix, StringComparison.OrdinalIgnoreCase))
            {
                // Caches must keep the two encodings apart whether or not this client gets the compressed one.
                context.Response.Headers.Vary = HeaderNames.AcceptEncoding;
                if (AcceptsGzip(request) && assets.GetFileInfo(file.Value + GzipSuffix).Exists)
                    request.Path = request.Path + GzipSuffix;
            }
            await next();
        });

    /// <summary>Content types by the name without <c>.gz</c>, so dashboard.js.gz is still text/javascript.</summary>
    public static IContentTypeProvider ContentTypes { get; } = new OriginalContentTypeProvider();

    /// <summary>Marks a precompressed file's answer as gzip-encoded; call from the static files' OnPrepareResponse.</summary>
    public static void MarkEncoding(StaticFileResponseContext context)
    {
        if (context.File.Name.EndsWith(GzipSuffix, StringComparison.OrdinalIgnoreCase))
            context.Context.Response.Headers.ContentEncoding = "gzip";
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        request.GetTypedHeaders().AcceptEncoding.Any(e =>
            string.Equals(e.Value.Value, "gzip", StringComparison.OrdinalIgnoreCase) && e.Quality is not 0);

    private sealed class OriginalContentTypeProvider : IContentTypeProvider
    {
        private readonly FileExtensionContentTypeProvider _byExtension = new();

        public bool TryGetContentType(string subpath, out string contentType) =>
            _byExtension.TryGetContentType(
                subpath.EndsWith(GzipSuffix, StringComparison.OrdinalIgnoreCase) ? subpath[..^GzipSuffix.Length] : subpath,
                out contentType!);
    }
}
