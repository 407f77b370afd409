using System.Globalization;
using System.Text;

using P21.Connector.Client.Models;

namespace P21.Connector.Client.OData;

/// <summary>Builds <c>/odataservice/odata/{table|view}/{name}?…</c> URLs with every option escaped.</summary>
internal static class ODataUri
{
    public static Uri Collection(
        Uri baseUrl,
        ODataSurface surface,
        string name,
        string? filter = null,
        IReadOnlyList<string>? select = null,
        IReadOnlyList<string>? orderBy = null,
        int? top = null,
        long? skip = null,
        bool count = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var query = new StringBuilder();
        void Add(string option, string value)
        {
            query.Append(query.Length == 0 ? '?' : '&').Append(option).Append('=').Append(Uri.EscapeDataString(value));
        }

        if (!string.IsNullOrWhiteSpace(filter))
        {
            Add("$filter", filter);
        }

        if (select is { Count: > 0 })
        {
            Add("$select", string.Join(',', select));
        }

        if (orderBy is { Count: > 0 })
        {
            Add("$orderby", string.Join(',', orderBy));
        }

        if (top is { } t)
        {
            Add("$top", t.ToString(CultureInfo.InvariantCulture));
        }

        if (skip is { } s and > 0)
        {
            Add("$skip", s.ToString(CultureInfo.InvariantCulture));
        }

        if (count)
        {
            Add("$count", "true");
        }

        return P21Uris.Combine(baseUrl, $"odataservice/odata/{Segment(surface)}/{Uri.EscapeDataString(name)}{query}");
    }

    public static Uri Metadata(Uri baseUrl, ODataSurface surface) =>
        P21Uris.Combine(baseUrl, $"odataservice/odata/{Segment(surface)}/$metadata");

    private static string Segment(ODataSurface surface) => surface == ODataSurface.View ? "view" : "table";
}
