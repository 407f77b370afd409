using System.Net;

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

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            error = $"'{address}' is not an https URL";
            return null;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
        {
            // Access tokens and the refresh token travel on these calls.
            error = $"'{address}' must use https (tokens are sent with every call); http is accepted only for loopback hosts";
            return null;
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            error = $"'{address}' must not carry a query or fragment";
            return null;
        }

        return uri;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip));
}
