namespace P21.Connector.Intake.Signatures;

/// <summary>
/// BigCommerce order webhooks carry no body signature; authenticity comes from a custom header whose value we set
/// when registering the webhook (<c>headers</c> on <c>POST /stores/{hash}/v3/hooks</c>). The value is compared in
/// constant time. The body holds only the order id, and the order itself is fetched from the API with our token.
/// </summary>
public static class BigCommerceSharedSecret
{
    /// <summary>Checks that <paramref name="headerName"/> carries <paramref name="secret"/>.</summary>
    public static SignatureVerdict Verify(IntakeRequest request, string headerName, string secret)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(headerName);
        ArgumentNullException.ThrowIfNull(secret);
        var presented = request.Header(headerName);
        if (string.IsNullOrEmpty(presented))
        {
            return SignatureVerdict.Missing(headerName);
        }

        return WebhookHmac.SecretEquals(presented, secret) ? SignatureVerdict.Valid : SignatureVerdict.Mismatch(headerName, "does not carry the shared secret registered with the webhook.");
    }
}
