using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace CryptoTracker.Testing;

/// <summary>
/// Checks an AWS Signature Version 4 header signature the way AWS does, written from the published algorithm (canonical
/// request, string to sign, HMAC chain) and independent of the SDK's signer. Returns null when it verifies, else why not.
/// </summary>
public static class SigV4
{
    public static string? Verify(HttpRequest request, byte[] body, string accessKey, string secretKey, string service)
    {
        var authorization = request.Headers.Authorization.ToString();
        const string Scheme = "AWS4-HMAC-SHA256 ";
        if (!authorization.StartsWith(Scheme, StringComparison.Ordinal)) return "missing or unknown Authorization scheme";
        var parts = authorization[Scheme.Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeaders)
            || !parts.TryGetValue("Signature", out var signature)) return "incomplete Authorization header";
        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[0] != accessKey || scope[3] != service || scope[4] != "aws4_request") return "wrong credential scope";
        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (amzDate.Length != 16 || !amzDate.StartsWith(scope[1], StringComparison.Ordinal)) return "X-Amz-Date missing or not the scope's date";
        var names = signedHeaders.Split(';');
        if (!names.Contains("host") || !names.Contains("x-amz-date")) return "host and x-amz-date must be signed";

        var payloadHash = Hex(SHA256.HashData(body));
        var claimed = request.Headers["X-Amz-Content-Sha256"].ToString();
        if (claimed.Length > 0 && claimed != payloadHash) return "X-Amz-Content-Sha256 does not match the body";
        var canonicalHeaders = new StringBuilder();
        foreach (var name in names)
        {
            var value = name == "host" ? request.Host.Value : string.Join(',', request.Headers[name].Select(v => v?.Trim()));
            canonicalHeaders.Append(name).Append(':').Append(value).Append('\n');
        }
        var canonicalRequest = string.Join('\n', request.Method, request.Path.HasValue ? request.Path.Value : "/",
            request.QueryString.HasValue ? request.QueryString.Value![1..] : "", canonicalHeaders.ToString(), signedHeaders, payloadHash);
        var stringToSign = string.Join('\n', "AWS4-HMAC-SHA256", amzDate, string.Join('/', scope[1..]), Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));

        var key = Encoding.UTF8.GetBytes("AWS4" + secretKey);
        foreach (var step in new[] { scope[1], scope[2], scope[3], scope[4] }) key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(step));
        var expected = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)) ? null : "signature does not match";
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
