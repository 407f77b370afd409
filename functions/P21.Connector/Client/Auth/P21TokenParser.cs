using System.Globalization;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace P21.Connector.Client.Auth;

/// <summary>
/// Reads a P21 token response: JSON (<c>AccessToken</c>, <c>ExpiresInSeconds</c> or <c>ExpiresIn</c>) or the XML
/// form some middleware returns even to <c>Accept: application/json</c> (<c>&lt;TokenResponse&gt;&lt;AccessToken&gt;…</c>).
/// </summary>
internal static class P21TokenParser
{
    /// <summary>Used when P21 states no lifetime: short enough to be safe, long enough not to churn sessions.</summary>
    internal static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);

    /// <summary>Parses <paramref name="body"/>; returns null when it holds no access token.</summary>
    public static P21Token? Parse(string body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(body);
        string trimmed = body.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        (string? token, string? expiresIn) = trimmed.StartsWith('<') ? ReadXml(trimmed) : ReadJson(trimmed);
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        TimeSpan lifetime = double.TryParse(expiresIn, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds > 0
            ? TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.FromDays(36_500).TotalSeconds))
            : DefaultLifetime;
        return new P21Token(token, now, lifetime);
    }

    private static (string? Token, string? ExpiresIn) ReadJson(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            string? token = null;
            string? expiresInSeconds = null;
            string? expiresIn = null;
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (property.NameEquals("AccessToken") || property.Name.Equals("access_token", StringComparison.OrdinalIgnoreCase)
                    || property.Name.Equals("AccessToken", StringComparison.OrdinalIgnoreCase))
                {
                    token = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                }
                else if (property.Name.Equals("ExpiresInSeconds", StringComparison.OrdinalIgnoreCase))
                {
                    expiresInSeconds = Scalar(property.Value);
                }
                else if (property.Name.Equals("ExpiresIn", StringComparison.OrdinalIgnoreCase)
                    || property.Name.Equals("expires_in", StringComparison.OrdinalIgnoreCase))
                {
                    expiresIn = Scalar(property.Value);
                }
            }

            return (token, expiresInSeconds ?? expiresIn);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static (string? Token, string? ExpiresIn) ReadXml(string body)
    {
        try
        {
            XDocument document = XDocument.Parse(body);
            string? Find(string name) => document.Descendants()
                .FirstOrDefault(e => e.Name.LocalName.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value.Trim();
            return (Find("AccessToken"), Find("ExpiresInSeconds") ?? Find("ExpiresIn"));
        }
        catch (XmlException)
        {
            return (null, null);
        }
    }

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.String => value.GetString(),
        _ => null,
    };
}
