using System.Globalization;
using System.Text.Json;
using System.Xml;

using Microsoft.Data.Sqlite;

using P21.Sandbox.Data;

namespace P21.Sandbox.OData;

/// <summary>Streams rows as OData JSON or as an Atom-style XML feed without buffering the result set.</summary>
internal static class ODataPayloadWriter
{
    private const int FlushEvery = 500;

    public static async Task<long> WriteJsonAsync(HttpContext context, SqliteDataReader reader, IReadOnlyList<ColumnDef> columns, string contextUrl, long? count, SandboxClock clock)
    {
        context.Response.ContentType = "application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("@odata.context", contextUrl);
        if (count is not null)
        {
            writer.WriteNumber("@odata.count", count.Value);
        }

        writer.WriteStartArray("value");
        long rows = 0;
        while (await reader.ReadAsync(context.RequestAborted))
        {
            writer.WriteStartObject();
            for (int i = 0; i < columns.Count; i++)
            {
                writer.WritePropertyName(columns[i].Name);
                WriteValue(writer, reader, i, columns[i].Kind, clock);
            }

            writer.WriteEndObject();
            if (++rows % FlushEvery == 0)
            {
                await writer.FlushAsync(context.RequestAborted);
                await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
        return rows;
    }

    public static async Task<long> WriteAtomAsync(HttpContext context, SqliteDataReader reader, IReadOnlyList<ColumnDef> columns, string table, string contextUrl, long? count, SandboxClock clock)
    {
        const string Atom = "http://www.w3.org/2005/Atom", Data = "http://docs.oasis-open.org/odata/ns/data", Meta = "http://docs.oasis-open.org/odata/ns/metadata";
        context.Response.ContentType = "application/atom+xml; type=feed; charset=utf-8";
        var settings = new XmlWriterSettings { Async = true, Encoding = new System.Text.UTF8Encoding(false) };
        await using XmlWriter xml = XmlWriter.Create(context.Response.Body, settings);
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync(null, "feed", Atom);
        await xml.WriteAttributeStringAsync("xmlns", "d", null, Data);
        await xml.WriteAttributeStringAsync("xmlns", "m", null, Meta);
        await xml.WriteAttributeStringAsync("m", "context", Meta, contextUrl);
        await xml.WriteElementStringAsync(null, "title", Atom, table);
        if (count is not null)
        {
            await xml.WriteElementStringAsync("m", "count", Meta, count.Value.ToString(CultureInfo.InvariantCulture));
        }

        long rows = 0;
        while (await reader.ReadAsync(context.RequestAborted))
        {
            await xml.WriteStartElementAsync(null, "entry", Atom);
            await xml.WriteStartElementAsync(null, "content", Atom);
            await xml.WriteAttributeStringAsync(null, "type", null, "application/xml");
            await xml.WriteStartElementAsync("m", "properties", Meta);
            for (int i = 0; i < columns.Count; i++)
            {
                await xml.WriteStartElementAsync("d", columns[i].Name, Data);
                if (reader.IsDBNull(i))
                {
                    await xml.WriteAttributeStringAsync("m", "null", Meta, "true");
                }
                else
                {
                    await xml.WriteStringAsync(TextOf(reader, i, columns[i].Kind, clock));
                }

                await xml.WriteEndElementAsync();
            }

            await xml.WriteEndElementAsync();
            await xml.WriteEndElementAsync();
            await xml.WriteEndElementAsync();
            rows++;
        }

        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
        return rows;
    }

    /// <summary>Writes one column value with its EDM shape (numbers as numbers, datetimes with the server offset).</summary>
    public static void WriteValue(Utf8JsonWriter writer, SqliteDataReader reader, int ordinal, ColumnKind kind, SandboxClock clock)
    {
        if (reader.IsDBNull(ordinal))
        {
            writer.WriteNullValue();
            return;
        }

        object raw = reader.GetValue(ordinal);
        switch (kind)
        {
            case ColumnKind.Int when raw is long l:
                writer.WriteNumberValue(l);
                break;
            case ColumnKind.Decimal or ColumnKind.Int when raw is long or double:
                writer.WriteNumberValue(Convert.ToDecimal(raw, CultureInfo.InvariantCulture));
                break;
            case ColumnKind.DateTime:
                writer.WriteStringValue(clock.Render(Convert.ToString(raw, CultureInfo.InvariantCulture) ?? string.Empty));
                break;
            default:
                writer.WriteStringValue(Convert.ToString(raw, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static string TextOf(SqliteDataReader reader, int ordinal, ColumnKind kind, SandboxClock clock)
    {
        object raw = reader.GetValue(ordinal);
        return kind switch
        {
            ColumnKind.DateTime => clock.Render(Convert.ToString(raw, CultureInfo.InvariantCulture) ?? string.Empty),
            ColumnKind.Decimal when raw is long or double => Convert.ToDecimal(raw, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
            _ => Convert.ToString(raw, CultureInfo.InvariantCulture) ?? string.Empty,
        };
    }
}
