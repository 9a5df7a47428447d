using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace CryptoTracker.Api.Dashboard;

public static class DashboardEndpoints
{
    // Everything the pages load comes from this app: no CDN, no external font. Styles may be inline (uPlot and Swagger UI
    // set element styles; the docs page has a small style block); scripts may not.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>
    /// The dashboard: the page at / and at /metric/{type}/{symbol} (the same single page, which reads the path), the API
    /// reference at /docs, and their files under /assets/. Explicit routes only — API Gateway has no catch-all.
    /// </summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        var files = DashboardFiles.Locate(app.Environment);
        if (files.Root is null)
            app.Logger.LogWarning("The dashboard is not built (no wwwroot/index.html next to the app); / answers 503. Run `npm run build:dashboard` or build the project.");
        else
        {
            var assets = new PhysicalFileProvider(Path.Combine(files.Root, "assets"));
            app.UsePrecompressedAssets(assets, "/assets");
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = assets,
                RequestPath = "/assets",
                ContentTypeProvider = PrecompressedAssets.ContentTypes,
                // Asset names are not fingerprinted: revalidate (ETag) so a new build is picked up at once.
                OnPrepareResponse = c =>
                {
                    c.Context.Response.Headers.CacheControl = "no-cache";
                    c.Context.Response.Headers.XContentTypeOptions = "nosniff";
                    PrecompressedAssets.MarkEncoding(c);
                },
            });
        }

        var pages = app.MapGroup("").WithTags("Dashboard").ExcludeFromDescription();
        pages.MapGet("/", (HttpContext http) => Page(http, files, DashboardFiles.Index)).WithName("DashboardOverview");
        pages.MapGet("/metric/{type}/{symbol}", (HttpContext http, string type, string symbol) => Page(http, files, DashboardFiles.Index))
            .WithName("DashboardMetric");
        pages.MapGet("/docs", (HttpContext http) => Page(http, files, DashboardFiles.Docs)).WithName("ApiReference");
        return app;
    }

    private static IResult Page(HttpContext http, DashboardFiles files, string page)
    {
        var path = files.PathOf(page);
        if (path is null || !File.Exists(path))
            return TypedResults.Problem("The dashboard is not built: run `npm run build:dashboard` (or build CryptoTracker.Api with Node installed).",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Dashboard unavailable");
        var headers = http.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers[HeaderNames.XFrameOptions] = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        return TypedResults.PhysicalFile(path, "text/html; charset=utf-8");
    }
}
