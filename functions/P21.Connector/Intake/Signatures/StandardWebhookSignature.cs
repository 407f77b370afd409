using System.Globalization;
using System.Text;

namespace P21.Connector.Intake.Signatures;

/// <summary>
/// Standard Webhooks (standardwebhooks.com): <c>webhook-signature</c> holds space-separated <c>v1,&lt;base64&gt;</c>
/// entries, each an HMAC-SHA256 of <c>{webhook-id}.{webhook-timestamp}.{body}</c> keyed with the base64 part of a
/// <c>whsec_</c> secret; <c>webhook-timestamp</c> (Unix seconds) must lie within the replay window.
/// </summary>
public static class StandardWebhookSignature
{
    /// <summary>The message id header (the same on every retry).</summary>
    public const string IdHeader = "webhook-id";

    /// <summary>The Unix-seconds timestamp header.</summary>
    public const string TimestampHeader = "webhook-timestamp";

    /// <summary>The signature header.</summary>
    public const string SignatureHeader = "webhook-signature";

    private const string SecretPrefix = "whsec_";

    /// <summary>Checks headers, freshness and signature.</summary>
    public static SignatureVerdict Verify(IntakeRequest request, string secret, DateTimeOffset now, TimeSpan replayWindow)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(secret);
        var id = request.Header(IdHeader);
        if (string.IsNullOrWhiteSpace(id))
        {
            return SignatureVerdict.Missing(IdHeader);
        }

        var timestampText = request.Header(TimestampHeader);
        if (string.IsNullOrWhiteSpace(timestampText))
        {
            return SignatureVerdict.Missing(TimestampHeader);
        }

        var signatures = request.Header(SignatureHeader);
        if (string.IsNullOrWhiteSpace(signatures))
        {
            return SignatureVerdict.Missing(SignatureHeader);
        }

        if (!long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return SignatureVerdict.Invalid(TimestampHeader, "must be Unix seconds.");
        }

        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > replayWindow)
        {
            return SignatureVerdict.Invalid(TimestampHeader, $"is outside the replay window of {replayWindow}.");
        }

        if (!TryKey(secret, out var key))
        {
            // Our configuration is wrong, not the sender; the reason must not reveal the secret.
            return SignatureVerdict.Invalid(SignatureHeader, "cannot be checked: the configured secret is not valid whsec_ base64.");
        }

        var expected = WebhookHmac.Compute(key, SignedContent(id, timestampText, request.Body.Span));
        var anyV1 = false;
        foreach (var entry in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = entry.IndexOf(',', StringComparison.Ordinal);
            if (comma <= 0 || !entry.AsSpan(0, comma).SequenceEqual("v1"))
            {
                continue;
            }

            anyV1 = true;
            if (WebhookHmac.MatchesBase64(entry[(comma + 1)..], expected))
            {
                return SignatureVerdict.Valid;
            }
        }

        return anyV1
            ? SignatureVerdict.Mismatch(SignatureHeader)
            : SignatureVerdict.Invalid(SignatureHeader, "holds no 'v1,<base64>' entry.");
    }

    /// <summary>The <c>webhook-signature</c> value for a message (for senders, tests and the CLI).</summary>
    public static string Sign(string id, long timestampSeconds, ReadOnlySpan<byte> body, string secret)
    {
        if (!TryKey(secret, out var key))
        {
            throw new ArgumentException("The secret must be 'whsec_' followed by base64.", nameof(secret));
        }

        var timestamp = timestampSeconds.ToString(CultureInfo.InvariantCulture);
        return "v1," + Convert.ToBase64String(WebhookHmac.Compute(key, SignedContent(id, timestamp, body)));
    }

    private static byte[] SignedContent(string id, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return content;
    }

    private static bool TryKey(string secret, out byte[] key)
    {
        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        key = new byte[encoded.Length];
        if (Convert.TryFromBase64String(encoded, key, out var written) && written > 0)
        {
            key = key[..written];
            return true;
        }

        key = [];
        return false;
    }
}
