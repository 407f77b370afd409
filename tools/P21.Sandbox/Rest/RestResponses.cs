using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Xml;

using P21.Sandbox.OData;

namespace P21.Sandbox.Rest;

/// <summary>
/// Answers of the REST families: JSON only when the client names application/json, otherwise DataContract XML, as the
/// WCF-style P21 REST services do.
/// </summary>
internal static class RestResponses
{
    private const string DataContractNamespace = "http://schemas.datacontract.org/2004/07/P21.Api.Models";
    private const string InstanceNamespace = "http://www.w3.org/2001/XMLSchema-instance";

    /// <param name="request">The request whose Accept header decides the format.</param>
    /// <param name="value">The body.</param>
    /// <param name="type">Its JSON metadata; the XML form is derived from the JSON one so both always carry the same fields.</param>
    /// <param name="rootName">DataContract root element, e.g. <c>SalesOrder</c> or <c>ArrayOfGlLine</c>.</param>
    /// <param name="itemName">Element name of the entries of every array (DataContract names them by their type).</param>
    /// <param name="statusCode">HTTP status.</param>
    public static IResult Answer<T>(HttpRequest request, T value, JsonTypeInfo<T> type, string rootName, Func<string, string> itemName, int statusCode = StatusCodes.Status200OK)
    {
        if (ODataEndpoints.WantsJson(request))
        {
            return Results.Json(value, type, statusCode: statusCode);
        }

        JsonElement json = JsonSerializer.SerializeToElement(value, type);
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true }))
        {
            writer.WriteStartElement(rootName, DataContractNamespace);
            writer.WriteAttributeString("xmlns", "i", null, InstanceNamespace);
            WriteContent(writer, json, rootName, itemName);
            writer.WriteEndElement();
        }

        return Results.Text(text.ToString(), "application/xml; charset=utf-8", Encoding.UTF8, statusCode);
    }

    private static void WriteContent(XmlWriter writer, JsonElement value, string name, Func<string, string> itemName)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                // DataContract serialises members in ordinal (alphabetical) order unless told otherwise.
                foreach (JsonProperty property in value.EnumerateObject().OrderBy(static p => p.Name, StringComparer.Ordinal))
                {
                    WriteElement(writer, property.Name, property.Value, itemName);
                }

                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in value.EnumerateArray())
                {
                    WriteElement(writer, itemName(name), item, itemName);
                }

                break;
            case JsonValueKind.String:
                writer.WriteString(value.GetString());
                break;
            case JsonValueKind.True or JsonValueKind.False:
                writer.WriteString(value.ValueKind == JsonValueKind.True ? "true" : "false");
                break;
            case JsonValueKind.Number:
                writer.WriteString(value.GetRawText());
                break;
        }
    }

    private static void WriteElement(XmlWriter writer, string name, JsonElement value, Func<string, string> itemName)
    {
        writer.WriteStartElement(name, DataContractNamespace);
        if (value.ValueKind == JsonValueKind.Null)
        {
            writer.WriteAttributeString("nil", InstanceNamespace, "true");
        }
        else
        {
            WriteContent(writer, value, name, itemName);
        }

        writer.WriteEndElement();
    }
}
