using System.Security.Cryptography;
using System.Text;

namespace P21.Connector.Events;

/// <summary>
/// Standard Webhooks signatures (standardwebhooks.com): <c>v1,</c> + base64 HMAC-SHA256 over
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>, keyed with the base64 part of a <c>whsec_</c> secret.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The secret prefix Standard Webhooks uses.</summary>
    public const string SecretPrefix = "whsec_";

    /// <summary>Signs a delivery.</summary>
    public static string Sign(string secret, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(id);
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(KeyOf(secret), content));
    }

    /// <summary>True when one of the space-separated signatures in <paramref name="signatureHeader"/> matches (constant time).</summary>
    public static bool Verify(string secret, string id, long timestamp, ReadOnlySpan<byte> body, string signatureHeader)
    {
        ArgumentNullException.ThrowIfNull(signatureHeader);
        var expected = Encoding.ASCII.GetBytes(Sign(secret, id, timestamp, body));
        return signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(candidate => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), expected));
    }

    /// <summary>
    /// The HMAC key: the base64-decoded part after <c>whsec_</c>. A secret without the prefix that is not base64 is used
    /// as UTF-8 bytes, so a plain shared secret works too.
    /// </summary>
    public static byte[] KeyOf(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var body = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        var buffer = new byte[body.Length];
        if (Convert.TryFromBase64String(body, buffer, out var written))
        {
            return buffer[..written];
        }

        if (secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            throw new FormatException("The webhook secret starts with whsec_ but the rest is not base64.");
        }

        return Encoding.UTF8.GetBytes(secret);
    }
}
