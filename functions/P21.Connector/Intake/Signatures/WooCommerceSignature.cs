namespace P21.Connector.Intake.Signatures;

/// <summary>WooCommerce webhooks: <c>X-WC-Webhook-Signature</c> is the base64 HMAC-SHA256 of the raw body keyed with the webhook secret.</summary>
public static class WooCommerceSignature
{
    /// <summary>The signature header.</summary>
    public const string SignatureHeader = "X-WC-Webhook-Signature";

    /// <summary>The topic, e.g. <c>order.created</c>.</summary>
    public const string TopicHeader = "X-WC-Webhook-Topic";

    /// <summary>Unique per delivery attempt.</summary>
    public const string DeliveryIdHeader = "X-WC-Webhook-Delivery-ID";

    /// <summary>Checks the HMAC. WooCommerce sends no timestamp, so no replay window applies (the idempotency key stops repeats).</summary>
    public static SignatureVerdict Verify(IntakeRequest request, string secret)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(secret);
        var signature = request.Header(SignatureHeader);
        if (string.IsNullOrWhiteSpace(signature))
        {
            return SignatureVerdict.Missing(SignatureHeader);
        }

        var expected = WebhookHmac.Compute(secret, request.Body.Span);
        return WebhookHmac.MatchesBase64(signature, expected) ? SignatureVerdict.Valid : SignatureVerdict.Mismatch(SignatureHeader);
    }

    /// <summary>The header value WooCommerce would send for <paramref name="body"/>.</summary>
    public static string Sign(ReadOnlySpan<byte> body, string secret) => Convert.ToBase64String(WebhookHmac.Compute(secret, body));
}
