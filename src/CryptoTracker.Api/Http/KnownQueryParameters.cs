namespace CryptoTracker.Api.Http;

/// <summary>
/// Every route names the query parameters it understands; anything else is a 400, so that a misspelt or unsupported
/// parameter (<c>history?from=…</c>) is never silently ignored. The answer lists what is accepted and never repeats the input.
/// </summary>
public static class KnownQueryParameters
{
    public static TBuilder AllowQuery<TBuilder>(this TBuilder builder, params string[] names) where TBuilder : IEndpointConventionBuilder
    {
        var detail = names.Length == 0
            ? "This endpoint takes no query parameters."
            : $"This endpoint accepts only these query parameters: {string.Join(", ", names)}.";
        builder.AddEndpointFilter(async (context, next) =>
        {
            foreach (var key in context.HttpContext.Request.Query.Keys)
                if (!names.Contains(key, StringComparer.OrdinalIgnoreCase))
                    return Problems.BadRequest("Unknown query parameter", detail);
            return await next(context);
        });
        return builder;
    }
}
