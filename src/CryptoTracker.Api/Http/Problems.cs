using CryptoTracker.Core.Metrics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CryptoTracker.Api.Http;

/// <summary>
/// RFC 9457 answers for bad input. Details describe what is expected and never repeat the caller's raw input, so nothing
/// user-supplied is echoed unescaped.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult BadRequest(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: title, type: "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1");

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found", type: "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5");

    /// <summary>Lower-cases and validates a type path segment; null with a problem when it cannot be a type.</summary>
    public static string? Type(string raw, out ProblemHttpResult? problem)
    {
        var type = raw.ToLowerInvariant();
        problem = MetricId.IsValidType(type) ? null
            : BadRequest("Invalid metric type", $"A metric type is 1 to {MetricId.MaxTypeLength} characters a-z or 0-9, such as price or volume.");
        return problem is null ? type : null;
    }

    public static MetricId? Metric(string rawType, string rawSymbol, out ProblemHttpResult? problem)
    {
        var type = Type(rawType, out problem);
        if (type is null) return null;
        var symbol = rawSymbol.ToLowerInvariant();
        if (!MetricId.IsValidSymbol(symbol))
        {
            problem = BadRequest("Invalid symbol", $"A symbol is 1 to {MetricId.MaxSymbolLength} characters a-z, 0-9, '.', '-', '_' or '@', such as btcusd.");
            return null;
        }
        return new MetricId(type, symbol);
    }

    public static RankBy? By(string? raw, out ProblemHttpResult? problem)
    {
        problem = RankByNames.TryParse(raw, out var by) ? null : BadRequest("Invalid ranking", "'by' must be stddev, mean or cv.");
        return problem is null ? by : null;
    }
}
