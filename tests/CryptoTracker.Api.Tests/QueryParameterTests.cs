using System.Net;
using System.Text.Json;

namespace CryptoTracker.Api.Tests;

/// <summary>Every route names the query parameters it understands; anything else is a 400 problem, never silently ignored.</summary>
public sealed class QueryParameterTests(SmallReplay replay) : IClassFixture<SmallReplay>
{
    [Theory]
    [InlineData("/v1/metrics?tpye=price", "type")]
    [InlineData("/v1/metrics/price/aaa?by=cv", null)]
    [InlineData("/v1/metrics/price/aaa/history?from=2026-01-05T10:01:00Z", null)]
    [InlineData("/v1/metrics/price/aaa/history?to=2026-01-05T10:01:00Z", null)]
    [InlineData("/v1/metrics/price/aaa/markets?market=kraken", null)]
    [InlineData("/v1/metrics/price/aaa/rank?by=cv&limit=3", "by")]
    [InlineData("/v1/rankings/price?order=asc", "by")]
    [InlineData("/v1/alerts?from=2026-01-05T10:00:00Z", "since")]
    [InlineData("/v1/health?verbose=1", null)]
    public async Task UnknownQueryParameter_Gives400NamingWhatIsAccepted(string path, string? accepted)
    {
        using var response = await replay.App.Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Unknown query parameter", problem.GetProperty("title").GetString());
        Assert.Equal(accepted is null ? "This endpoint takes no query parameters." : $"This endpoint accepts only these query parameters: {accepted}.",
            problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/v1/metrics?type=price")]
    [InlineData("/v1/metrics?TYPE=price")]
    [InlineData("/v1/metrics/price/aaa/rank?by=cv")]
    [InlineData("/v1/rankings/price?by=mean")]
    [InlineData("/v1/alerts?since=2026-01-05T10:00:00Z")]
    [InlineData("/v1/health")]
    public async Task KnownQueryParameters_AreAccepted(string path)
    {
        using var response = await replay.App.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
