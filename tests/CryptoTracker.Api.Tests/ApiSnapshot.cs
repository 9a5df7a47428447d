using System.Text.Json.Nodes;

namespace CryptoTracker.Api.Tests;

/// <summary>Every read endpoint's answer (status and body) for every tracked metric: two runs that must agree are compared whole.</summary>
public static class ApiSnapshot
{
    public static async Task<Dictionary<string, string>> TakeAsync(ITrackerHost app)
    {
        var metrics = (await app.GetJsonAsync("/v1/metrics")).GetProperty("metrics").EnumerateArray()
            .Select(m => (m.GetProperty("type").GetString()!, m.GetProperty("symbol").GetString()!)).ToList();
        var paths = new List<string> { "/v1/metrics", "/v1/metrics?type=volume", "/v1/alerts", "/v1/alerts?since=2023-03-11T06:00:00Z",
            "/v1/rankings/price", "/v1/rankings/volume?by=mean", "/v1/metrics/price/nosuch", "/v1/rankings/nosuch" };
        foreach (var (type, symbol) in metrics)
        {
            var m = $"/v1/metrics/{type}/{symbol}";
            paths.AddRange([m, m + "/history", m + "/rank", m + "/rank?by=mean"]);
        }
        var answers = new Dictionary<string, string>();
        foreach (var path in paths) answers[path] = await Body(app, path);
        return answers;
    }

    public static void AssertSame(IReadOnlyDictionary<string, string> expected, IReadOnlyDictionary<string, string> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (path, body) in expected)
            Assert.True(body == actual[path], $"{path} differs:\nexpected: {Clip(body)}\nactual:   {Clip(actual[path])}");
    }

    private static async Task<string> Body(ITrackerHost app, string path)
    {
        using var response = await app.Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        // Problem details carry a per-request trace id; everything else must match byte for byte.
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            var node = JsonNode.Parse(body)!.AsObject();
            node.Remove("traceId");
            body = node.ToJsonString();
        }
        return $"{(int)response.StatusCode} {body}";
    }

    private static string Clip(string s) => s.Length <= 600 ? s : s[..600] + "…";
}
