using P21.Connector.Settings;

namespace P21.Connector.Amazon;

/// <summary>
/// Where SP-API and Login with Amazon calls go. The regional endpoints are those of
/// https://developer-docs.amazon.com/sp-api/docs/sp-api-endpoints (North America, Europe, Far East).
/// </summary>
internal static class AmazonAddress
{
    /// <summary>The SP-API endpoint of each selling region.</summary>
    public static readonly IReadOnlyDictionary<string, Uri> Regions = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase)
    {
        ["na"] = new("https://sellingpartnerapi-na.amazon.com"),
        ["eu"] = new("https://sellingpartnerapi-eu.amazon.com"),
        ["fe"] = new("https://sellingpartnerapi-fe.amazon.com"),
    };

    /// <summary>The SP-API base URI: <see cref="AmazonOptions.Endpoint"/> when set, else the region's; null with an error.</summary>
    public static Uri? SellingPartnerApi(AmazonOptions options, out string? error)
    {
        if (!string.IsNullOrWhiteSpace(options.Endpoint))
        {
            return Parse(options.Endpoint, out error);
        }

        if (options.Region is { } region && Regions.TryGetValue(region.Trim(), out Uri? uri))
        {
            error = null;
            return uri;
        }

        error = $"'{options.Region}' is not a selling region: one of {string.Join(", ", Regions.Keys)}";
        return null;
    }

    /// <summary>An absolute https URL, or http on a loopback host; null with an error otherwise.</summary>
    public static Uri? Parse(string? address, out string? error)
    {
        error = null;
        string text = (address ?? "").Trim();
        if (text.Length == 0)
        {
            error = "is empty";
            return null;
        }

        return ServiceAddress.Check(address, text, out error);
    }
}
