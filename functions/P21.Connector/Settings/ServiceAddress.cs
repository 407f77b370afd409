using System.Net;

namespace P21.Connector.Settings;

/// <summary>
/// The rule every configured remote address follows: an absolute https URL without query or fragment; plain http only
/// for loopback hosts (local fakes and emulators), because credentials or tokens travel on every call.
/// </summary>
public static class ServiceAddress
{
    /// <summary>The URL of <paramref name="text"/>, or null with <paramref name="error"/> naming <paramref name="address"/> as configured.</summary>
    /// <param name="address">The setting's value, for the message.</param>
    /// <param name="text">The URL to check (the value, or the value made into a URL).</param>
    /// <param name="error">Why it is refused, starting with the quoted value; null when it is accepted.</param>
    public static Uri? Check(string? address, string text, out string? error)
    {
        error = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            error = $"'{address}' is not an https URL";
            return null;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
        {
            error = $"'{address}' must use https (credentials are sent with every call); http is accepted only for loopback hosts";
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
