using System.Text.RegularExpressions;

namespace CryptoTracker.Api.Health;

/// <summary>
/// What /v1/health may say about a failure: a generic kind ("timeout", "access denied", "HTTP 503", …), never the raw
/// message, which can carry account ids, role ARNs, hostnames or file paths. The full text is in the logs.
/// </summary>
public static partial class PublicReason
{
    private static readonly (string Kind, string[] Signs)[] Kinds =
    [
        ("access denied", ["AuthorizationError", "AccessDenied", "not authorized", "Forbidden", "HTTP 403", "Http403", "InvalidClientTokenId",
            "UnrecognizedClient", "SignatureDoesNotMatch", "ExpiredToken", "KMSAccessDenied"]),
        ("no credentials", ["CredentialsError", "credentials"]),
        ("timeout", ["Timeout", "timed out", "did not answer"]),
        ("throttled", ["Throttl", "TooManyRequests", "Too many requests", "HTTP 429", "Http429", "rate limit", "ProvisionedThroughputExceeded"]),
        ("blocked in this region (HTTP 451)", ["HTTP 451", "Http451", "refuses requests from this location"]),
        ("exchange error", ["EService:", "EGeneral:", "EAPI:", "EQuery:"]),
        ("unreachable", ["NetworkError", "could not be reached", "Connection refused", "No such host", "Name or service not known", "HttpRequestException", "SocketException"]),
        ("invalid response", ["malformed", "InvalidResponse", "not XML", "JsonException", "unexpected answer"]),
        ("not found", ["NotFound", "ResourceNotFound", "no such table"]),
        ("storage error", ["SQLite", "database", "disk", "DynamoDB"]),
    ];

    private static readonly HashSet<string> Outputs =
        [.. Kinds.Select(k => k.Kind), "service error", "error (details in the logs)"];

    [GeneratedRegex(@"HTTP (\d{3})|Http(\d{3})")]
    private static partial Regex HttpStatus();

    /// <summary>The generic kind of a failure message; null for null.</summary>
    public static string? Of(string? error)
    {
        if (error is null) return null;
        if (Outputs.Contains(error) || HttpStatus().Match(error) is { Success: true, Length: var n } && n == error.Length) return error; // already public
        foreach (var (kind, signs) in Kinds)
            if (signs.Any(s => error.Contains(s, StringComparison.OrdinalIgnoreCase))) return kind;
        if (HttpStatus().Match(error) is { Success: true } m) return "HTTP " + (m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value);
        if (error.Contains("InternalError", StringComparison.OrdinalIgnoreCase) || error.Contains("ServiceUnavailable", StringComparison.OrdinalIgnoreCase))
            return "service error";
        return "error (details in the logs)";
    }
}
