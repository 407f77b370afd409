namespace P21.Connector.Intake.Signatures;

/// <summary>
/// Shopify webhooks: <c>X-Shopify-Hmac-Sha256</c> is the base64 HMAC-SHA256 of the raw body keyed with the app's
/// client secret. The HMAC covers no timestamp, so <c>X-Shopify-Triggered-At</c>, when present, bounds the age.
/// </summary>
public static class ShopifySignature
{
    /// <summary>The signature header.</summary>
    public const string HmacHeader = "X-Shopify-Hmac-Sha256";

    /// <summary>Unique per event; the same on every retry.</summary>
    public const string WebhookIdHeader = "X-Shopify-Webhook-Id";

    /// <summary>The topic, e.g. <c>orders/create</c>.</summary>
    public const string TopicHeader = "X-Shopify-Topic";

    /// <summary>The shop's <c>*.myshopify.com</c> domain.</summary>
    public const string ShopDomainHeader = "X-Shopify-Shop-Domain";

    /// <summary>When the event was triggered (ISO 8601).</summary>
    public const string TriggeredAtHeader = "X-Shopify-Triggered-At";

    /// <summary>Checks the HMAC and, when the header is present and <paramref name="replayWindow"/> is positive, the age.</summary>
    public static SignatureVerdict Verify(
        IntakeRequest request, string secret, DateTimeOffset now, TimeSpan replayWindow)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(secret);
        var hmac = request.Header(HmacHeader);
        if (string.IsNullOrWhiteSpace(hmac))
        {
            return SignatureVerdict.Missing(HmacHeader);
        }

        var triggeredAt = request.Header(TriggeredAtHeader);
        if (triggeredAt is not null && replayWindow > TimeSpan.Zero)
        {
            if (!JsonFields.TryParseDate(triggeredAt, out var triggered))
            {
                return SignatureVerdict.Invalid(TriggeredAtHeader, "is not an ISO 8601 date-time.");
            }

            if ((now - triggered).Duration() > replayWindow)
            {
                return SignatureVerdict.Invalid(TriggeredAtHeader, $"is outside the replay window of {replayWindow}.");
            }
        }

        var expected = WebhookHmac.Compute(secret, request.Body.Span);
        return WebhookHmac.MatchesBase64(hmac, expected) ? SignatureVerdict.Valid : SignatureVerdict.Mismatch(HmacHeader);
    }

    /// <summary>The header value Shopify would send for <paramref name="body"/> (for tests and replay tools).</summary>
    public static string Sign(ReadOnlySpan<byte> body, string secret) => Convert.ToBase64String(WebhookHmac.Compute(secret, body));
}
