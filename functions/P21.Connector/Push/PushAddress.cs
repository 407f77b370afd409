using P21.Connector.Settings;

namespace P21.Connector.Push;

/// <summary>Turns a target's <see cref="PushTargetOptions.Address"/> into the base URI its platform's calls start from.</summary>
internal static partial class PushAddress
{
    /// <summary>BigCommerce's API host, used when the address is a bare store hash.</summary>
    public static readonly Uri BigCommerceApi = new("https://api.bigcommerce.com");

    /// <summary>
    /// The base URI (no trailing slash): <c>https://{shop}</c> for Shopify, <c>https://api.bigcommerce.com/stores/{hash}</c>
    /// for BigCommerce, the site for WooCommerce, <c>urn:amazon-seller:{sellerId}</c> for Amazon. Null with <paramref name="error"/> set when the address cannot be used.
    /// </summary>
    public static Uri? BaseUri(PushPlatform platform, string? address, out string? error)
    {
        error = null;
        string text = (address ?? "").Trim().TrimEnd('/');
        if (text.Length == 0)
        {
            error = "is empty";
            return null;
        }

        if (platform == PushPlatform.Amazon)
        {
            // The seller id (Seller Central merchant token): the calls go to the Amazon:* endpoint, so it is a name, not a host.
            if (!SellerIdPattern().IsMatch(text))
            {
                error = $"must be the Amazon seller id (the merchant token, e.g. A2EXAMPLE0SELLR), not '{text}'";
                return null;
            }

            return new Uri($"urn:amazon-seller:{text}");
        }

        if (!text.Contains("://", StringComparison.Ordinal))
        {
            if (platform == PushPlatform.BigCommerce && !text.Contains('/', StringComparison.Ordinal) && !text.Contains('.', StringComparison.Ordinal))
            {
                return new Uri($"{BigCommerceApi.OriginalString}/stores/{Uri.EscapeDataString(text)}");
            }

            text = "https://" + text;
        }

        return ServiceAddress.Check(address, text, out error);
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Z0-9]{8,20}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex SellerIdPattern();
}
