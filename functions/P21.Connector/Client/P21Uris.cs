namespace P21.Connector.Client;

/// <summary>URL building that keeps a base path (<c>https://host/p21/</c>) intact.</summary>
internal static class P21Uris
{
    public static Uri WithTrailingSlash(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        string text = baseUrl.GetLeftPart(UriPartial.Path);
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }

    /// <summary>Appends a relative path (no leading slash) to a base.</summary>
    public static Uri Combine(Uri baseUrl, string relative) => new(WithTrailingSlash(baseUrl), relative.TrimStart('/'));
}
