using System.Net;
using System.Text;

namespace CryptoTracker.Api.Tests;

/// <summary>
/// The one artifact in its three AWS roles, configured the way the CDK stack configures the Lambda functions (environment
/// variables only, the port from ASPNETCORE_URLS): each role maps exactly its own endpoints, and only the collector
/// answers POST /events (the scheduled tick the Lambda Web Adapter forwards).
/// </summary>
public sealed class LambdaRoleTests
{
    private static Task<TrackerProcess> StartRole(string role) => TrackerProcess.StartWithEnvironmentAsync(new Dictionary<string, string>
    {
        ["Tracker__Role"] = role,
        ["Tracker__Source"] = "demo",   // the collector role's tick needs a source that works offline
        ["Tracker__Sqlite__Path"] = "tracker.db",
        ["AWS_LWA_PORT"] = "8080",
    });

    private static async Task<HttpStatusCode> Send(TrackerProcess app, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        if (method != HttpMethod.Get) request.Content = new StringContent("""{"protocol":"email","endpoint":"a@example.com"}""", Encoding.UTF8, "application/json");
        using var response = await app.Http.SendAsync(request);
        return response.StatusCode;
    }

    private static bool Unmapped(HttpStatusCode s) => s is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed;

    public static TheoryData<string, string, string> Routes => new()
    {
        // role, method + path, which roles serve it
        { "api", "GET /v1/metrics", "api" }, { "collector", "GET /v1/metrics", "api" }, { "subscriptions", "GET /v1/metrics", "api" },
        { "api", "GET /v1/alerts", "api" }, { "collector", "GET /v1/alerts", "api" }, { "subscriptions", "GET /v1/alerts", "api" },
        { "api", "GET /v1/rules", "api" }, { "collector", "GET /v1/rules", "api" }, { "subscriptions", "GET /v1/rules", "api" },
        { "api", "GET /", "api" }, { "collector", "GET /", "api" }, { "subscriptions", "GET /", "api" },
        { "api", "GET /openapi/v1.json", "api" }, { "collector", "GET /openapi/v1.json", "api" },
        { "api", "POST /events", "collector" }, { "collector", "POST /events", "collector" }, { "subscriptions", "POST /events", "collector" },
        { "api", "POST /v1/subscriptions", "subscriptions" }, { "collector", "POST /v1/subscriptions", "subscriptions" },
        { "subscriptions", "POST /v1/subscriptions", "subscriptions" },
        { "api", "DELETE /v1/subscriptions", "subscriptions" }, { "subscriptions", "DELETE /v1/subscriptions", "subscriptions" },
        { "api", "GET /v1/health", "api,collector,subscriptions" }, { "collector", "GET /v1/health", "api,collector,subscriptions" },
        { "subscriptions", "GET /v1/health", "api,collector,subscriptions" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EachRole_ServesExactlyItsOwnEndpoints(string role, string route, string servedBy)
    {
        await using var app = await StartRole(role);
        var (method, path) = (new HttpMethod(route.Split(' ')[0]), route.Split(' ')[1]);

        var status = await Send(app, method, path);

        if (servedBy.Split(',').Contains(role)) Assert.False(Unmapped(status), $"{role} should serve {route}, got {(int)status}");
        else Assert.True(Unmapped(status), $"{role} must not serve {route}, got {(int)status}");
    }

    [Fact]
    public async Task CollectorRole_TicksOnlyWhenTheEventArrives()
    {
        await using var app = await StartRole("collector");

        var before = await app.GetJsonAsync("/v1/health");
        Assert.Equal(HttpStatusCode.OK, await Send(app, HttpMethod.Post, "/events"));
        var after = await app.GetJsonAsync("/v1/health");

        Assert.Equal(0, before.GetProperty("metrics").GetInt32()); // no background loop in the Lambda role
        Assert.Equal(24, after.GetProperty("metrics").GetInt32()); // the demo's 12 symbols × price and volume
    }
}
