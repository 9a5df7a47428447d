using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CryptoTracker.Api.ApiDocs;

/// <summary>
/// The OpenAPI document of the v1 API at /openapi/v1.json (Microsoft.AspNetCore.OpenApi), completed with what endpoint
/// metadata cannot say: parameter descriptions and examples taken from real v1 payloads (<see cref="ApiExamples"/>).
/// The human-readable reference at /docs renders this document (Dashboard/web/docs.html).
/// </summary>
public static class ApiDocsEndpoints
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddApiDocs(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "CryptoTracker API",
                    Version = "v1",
                    Description =
                        "Crypto market metrics (price and volume per symbol) collected every minute, with 24 h statistics, " +
                        "volatility rankings and spike alerts. JSON with camelCase names; times are UTC ISO-8601 with 'Z'. " +
                        "Errors are RFC 9457 problem details (application/problem+json): 400 for malformed input, 404 for " +
                        "a type or metric that is not tracked.",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, _, _) =>
            {
                ApiExamples.Describe(operation);
                Subscriptions.SubscriptionsApiExamples.Describe(operation);
                return Task.CompletedTask;
            });
        });

    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi("/openapi/{documentName}.json");
        return routes;
    }
}
