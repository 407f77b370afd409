using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Primitives;
using Microsoft.OData;

using P21.Sandbox.Data;

namespace P21.Sandbox.OData;

/// <summary>
/// The older "Data Services v1" surface, <c>/data/erp/views/v1</c> (p21-api.md §1, S1 <c>02-OData-API.md</c>, S1-issues
/// #118): the curated <c>p21_view_*</c> views (not the es views), OData v3 JSON (<c>odata.metadata</c>, <c>odata.count</c> with
/// <c>$inlinecount=allpages</c>, <c>Edm.DateTime</c> without an offset, decimals as strings), v3 filter literals
/// (<c>datetime'…'</c>, <c>100915M</c>, <c>substringof</c>), and one row by key: <c>p21_view_oe_hdr('1013938')</c> or
/// <c>p21_view_customer(company_id='1',customer_id=100915M)</c>.
/// </summary>
internal static partial class DataServicesEndpoints
{
    private const string Root = "/data/erp/views/v1";
    private static readonly string[] KnownOptions = ["$filter", "$select", "$orderby", "$top", "$skip", "$inlinecount", "$format"];

    public static void Map(WebApplication app)
    {
        app.MapGet(Root, ServiceDocument);
        app.MapGet(Root + "/{segment}", ServeAsync);
    }

    private static IResult ServiceDocument(HttpContext context) =>
        V3Json(new JsonObject
        {
            ["odata.metadata"] = $"{Base(context)}/$metadata",
            ["value"] = new JsonArray([.. TableCatalog.Views.Keys.Order(StringComparer.Ordinal).Select(static v => (JsonNode)new JsonObject { ["name"] = v, ["url"] = v })]),
        });

    private static async Task ServeAsync(HttpContext context, string segment, SandboxDatabase db, EdmModelCache models, SandboxClock clock, SandboxStats stats)
    {
        context.Response.Headers["DataServiceVersion"] = "3.0;";
        Match addressed = KeySegment().Match(segment);
        string name = (addressed.Success ? addressed.Groups["view"].Value : segment).ToLowerInvariant();
        TableDef? table = TableCatalog.Views.ContainsKey(name) ? db.FindTable(name) : null;
        if (segment == "$metadata")
        {
            await ErrorAsync(context, StatusCodes.Status501NotImplemented, "The sandbox does not serve the v1 $metadata; read /odataservice/odata/view/$metadata.");
            return;
        }

        if (table is null)
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, $"Resource not found for the segment '{segment}'.");
            return;
        }

        stats.CountODataName(name);
        if (context.Request.Query.Keys.FirstOrDefault(k => k.StartsWith('$') && !KnownOptions.Contains(k, StringComparer.Ordinal)) is { } unknown)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, $"The query parameter '{unknown}' is not supported.");
            return;
        }

        var options = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        foreach (string option in new[] { "$select", "$orderby", "$top", "$skip" })
        {
            if (context.Request.Query.TryGetValue(option, out StringValues value))
            {
                options[option] = value;
            }
        }

        string? filter = context.Request.Query["$filter"];
        if (addressed.Success)
        {
            if (KeyFilter(addressed.Groups["key"].Value, table) is not { } keyFilter)
            {
                await ErrorAsync(context, StatusCodes.Status400BadRequest, $"The key in '{segment}' does not name every key column of {name} ({string.Join(", ", table.Key)}).");
                return;
            }

            filter = keyFilter;
        }

        if (!string.IsNullOrWhiteSpace(filter))
        {
            options["$filter"] = V3Filter.ToV4(filter, clock.UtcOffset);
        }

        bool inlineCount = context.Request.Query["$inlinecount"] == "allpages";
        ODataSqlQuery query;
        try
        {
            query = ODataEndpoints.Parse(new QueryCollection(options), models.Model(views: true), table, clock) with { Count = inlineCount };
        }
        catch (Exception ex) when (ex is ODataException or ODataQueryRejectedException or FormatException)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, ex.Message);
            return;
        }

        await using SqliteConnection connection = await db.OpenAsync(context.RequestAborted);
        long? count = null;
        if (inlineCount)
        {
            await using SqliteCommand countCommand = query.CountCommand(connection);
            count = Convert.ToInt64(await countCommand.ExecuteScalarAsync(context.RequestAborted), CultureInfo.InvariantCulture);
        }

        await using SqliteCommand command = query.SelectCommand(connection);
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(context.RequestAborted);
        string metadata = $"{Base(context)}/$metadata#{name}";
        var rows = new List<JsonObject>();
        while (await reader.ReadAsync(context.RequestAborted))
        {
            // A row addressed by key is an entry of its own, its metadata URL first.
            JsonObject row = addressed.Success ? new JsonObject { ["odata.metadata"] = metadata + "/@Element" } : new JsonObject();
            for (int i = 0; i < query.Columns.Count; i++)
            {
                row[query.Columns[i].Name] = reader.IsDBNull(i) ? null : V3Value(reader.GetValue(i), query.Columns[i].Kind);
            }

            rows.Add(row);
        }

        stats.AddRows(rows.Count);
        if (addressed.Success)
        {
            await (rows.Count == 0
                ? ErrorAsync(context, StatusCodes.Status404NotFound, $"Resource not found for the segment '{segment}'.")
                : V3Json(rows[0]).ExecuteAsync(context));
            return;
        }

        var feed = new JsonObject { ["odata.metadata"] = metadata };
        if (count is not null)
        {
            feed["odata.count"] = count.Value.ToString(CultureInfo.InvariantCulture);
        }

        feed["value"] = new JsonArray([.. rows]);
        await V3Json(feed).ExecuteAsync(context);
    }

    /// <summary>v3 JSON light: Edm.Decimal as a string, Edm.DateTime without an offset (server-local, as stored).</summary>
    private static JsonNode? V3Value(object value, ColumnKind kind) => kind switch
    {
        ColumnKind.Int => JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        ColumnKind.Decimal => JsonValue.Create(Convert.ToDecimal(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)),
        ColumnKind.DateTime => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)!.Replace(' ', 'T')),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    private static IResult V3Json(JsonNode body) => Results.Text(body.ToJsonString(), "application/json;odata=minimalmetadata;charset=utf-8");

    /// <summary>A key predicate as a filter: <c>'v'</c> for a one-column key, else <c>col='v',col2=1M</c> naming every key column.</summary>
    private static string? KeyFilter(string key, TableDef table)
    {
        // The views mirror their tables; their key is the table's.
        IReadOnlyList<string> columns = table.Key;
        MatchCollection named = NamedKey().Matches(key);
        if (named.Count == 0)
        {
            return columns.Count == 1 && Literal().IsMatch(key.Trim()) ? $"{columns[0]} eq {key.Trim()}" : null;
        }

        var parts = named.ToDictionary(static m => m.Groups["column"].Value, static m => m.Groups["value"].Value, StringComparer.Ordinal);
        return parts.Count == columns.Count && columns.All(parts.ContainsKey) ? string.Join(" and ", columns.Select(c => $"{c} eq {parts[c]}")) : null;
    }

    private static string Base(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}{Root}";

    private static async Task ErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json;charset=utf-8";
        var error = new JsonObject { ["odata.error"] = new JsonObject { ["code"] = "", ["message"] = new JsonObject { ["lang"] = "en-US", ["value"] = message } } };
        await context.Response.WriteAsync(error.ToJsonString(), context.RequestAborted);
    }

    [GeneratedRegex(@"^(?<view>[A-Za-z_][A-Za-z0-9_]*)\((?<key>.*)\)$", RegexOptions.None, 1000)]
    private static partial Regex KeySegment();

    [GeneratedRegex(@"(?<column>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?<value>'(?:[^']|'')*'|[0-9.]+[mMlL]?)", RegexOptions.None, 1000)]
    private static partial Regex NamedKey();

    [GeneratedRegex(@"^('(?:[^']|'')*'|[0-9.]+[mMlL]?)$", RegexOptions.None, 1000)]
    private static partial Regex Literal();
}
