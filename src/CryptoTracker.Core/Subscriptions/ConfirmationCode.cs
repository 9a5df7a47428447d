using System.Security.Cryptography;
using System.Text;

namespace CryptoTracker.Core.Subscriptions;

/// <summary>
/// Six-digit one-time codes and their salted hashes (HMAC-SHA256 keyed by a random 16-byte salt). Only the salt and the
/// hash are stored; the code itself exists in the text message and nowhere else.
/// </summary>
public static class ConfirmationCode
{
    public const int Digits = 6;

    public static string New() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    public static string NewSalt() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    public static string Hash(string salt, string code) =>
        Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(salt), Encoding.UTF8.GetBytes(code)));

    /// <summary>Compares in constant time, so the time taken does not tell how much of a guess was right.</summary>
    public static bool Matches(string salt, string expectedHash, string code)
    {
        if (!IsWellFormed(code)) return false;
        return CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(expectedHash), Convert.FromBase64String(Hash(salt, code)));
    }

    public static bool IsWellFormed(string? code) => code is { Length: Digits } && code.All(char.IsAsciiDigit);
}
