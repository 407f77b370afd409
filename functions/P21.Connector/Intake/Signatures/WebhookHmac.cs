using System.Security.Cryptography;
using System.Text;

namespace P21.Connector.Intake.Signatures;

/// <summary>HMAC-SHA256 of webhook bodies and constant-time comparison of encoded signatures.</summary>
internal static class WebhookHmac
{
    public static byte[] Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> content) => HMACSHA256.HashData(key, content);

    public static byte[] Compute(string key, ReadOnlySpan<byte> content) => Compute(Encoding.UTF8.GetBytes(key), content);

    /// <summary>True when <paramref name="base64Signature"/> decodes to exactly <paramref name="expected"/>, compared in constant time.</summary>
    public static bool MatchesBase64(string base64Signature, ReadOnlySpan<byte> expected)
    {
        Span<byte> decoded = stackalloc byte[64];
        if (!Convert.TryFromBase64String(base64Signature.Trim(), decoded, out var written))
        {
            return false;
        }

        // Length is not secret (always 32 for SHA-256), so checking it first leaks nothing.
        return written == expected.Length && CryptographicOperations.FixedTimeEquals(decoded[..written], expected);
    }

    /// <summary>Compares two strings in constant time with respect to their content (hashing hides the length too).</summary>
    public static bool SecretEquals(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
