namespace CryptoTracker.Infra;

/// <summary>
/// Every route the API serves, with its limits: the one place to add a route (a route missing here does not
/// exist). Beyond its limit a route answers 429 without invoking a function. The figures assume a dashboard that
/// reads a few JSON answers per page view and refreshes once a minute; multiply them all with <c>-c throttleScale=…</c>.
/// </summary>
public static class RouteThrottles
{
    /// <summary>The stage default: only a route added outside this table would get it, and it is kept tiny on purpose.</summary>
    public static readonly RouteThrottle Fallback = new("ANY", "(unlisted)", RouteTarget.Api, 1, 1);

    public static readonly IReadOnlyList<RouteThrottle> All =
    [
        // Dashboard pages: one request per page view; the page then loads its assets and JSON.
        new("GET", "/", RouteTarget.Api, 5, 10),
        new("GET", "/metric/{type}/{symbol}", RouteTarget.Api, 5, 10),
        // Dashboard script and styles (revalidated with ETags, so mostly 304s).
        new("GET", "/assets/{file}", RouteTarget.Api, 10, 20),
        // API reference: a page, Swagger UI's files and the OpenAPI document. Rarely read.
        new("GET", "/docs", RouteTarget.Api, 1, 5),
        new("GET", "/assets/docs/{file}", RouteTarget.Api, 2, 10),
        new("GET", "/openapi/v1.json", RouteTarget.Api, 2, 5),
        // JSON reads behind the dashboard and for API clients.
        new("GET", "/v1/metrics", RouteTarget.Api, 10, 20),
        new("GET", "/v1/metrics/{type}/{symbol}", RouteTarget.Api, 10, 20),
        new("GET", "/v1/metrics/{type}/{symbol}/history", RouteTarget.Api, 10, 20),
        new("GET", "/v1/metrics/{type}/{symbol}/rank", RouteTarget.Api, 5, 10),
        new("GET", "/v1/metrics/{type}/{symbol}/markets", RouteTarget.Api, 5, 10),
        new("GET", "/v1/rankings/{type}", RouteTarget.Api, 5, 10),
        new("GET", "/v1/alerts", RouteTarget.Api, 5, 10),
        new("GET", "/v1/rules", RouteTarget.Api, 2, 5),
        new("GET", "/v1/health", RouteTarget.Api, 2, 5),
        // Subscriptions: writes that message people; each call is also limited per client by the app.
        new("POST", "/v1/subscriptions", RouteTarget.Subscriptions, 1, 5),
        new("DELETE", "/v1/subscriptions", RouteTarget.Subscriptions, 1, 5),
        new("POST", "/v1/subscriptions/confirm", RouteTarget.Subscriptions, 1, 5),
        // What the subscribe panel may offer (channels, SMS prefixes): read once per panel.
        new("GET", "/v1/subscriptions/options", RouteTarget.Subscriptions, 5, 10),
    ];

    /// <summary>Requests per second the whole API accepts at scale 1 (the sum over routes).</summary>
    public static double TotalRate => All.Sum(r => r.RateLimit);

    /// <summary>The largest burst the whole API accepts at scale 1.</summary>
    public static int TotalBurst => All.Sum(r => r.BurstLimit);

    public static (double Rate, int Burst) Scaled(RouteThrottle route, double scale) =>
        (route.RateLimit * scale, Math.Max(1, (int)Math.Ceiling(route.BurstLimit * scale)));
}
