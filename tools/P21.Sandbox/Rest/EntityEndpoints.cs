using System.Globalization;
using System.Text.Json.Nodes;

using Microsoft.Data.Sqlite;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

using P21.Sandbox.Data;
using P21.Sandbox.Json;
using P21.Sandbox.OData;

namespace P21.Sandbox.Rest;

/// <summary>
/// The Entity API basics (p21-api.md §3.3, S1 <c>05-Entity-API.md</c>): <c>/api/entity/{customers,vendors,contacts,addresses}</c>
/// with <c>ping</c>, <c>new</c> (addresses have none), <c>GET /{key}</c> (customers and vendors <c>{CompanyId}_{Id}</c>), and
/// <c>GET /?$query=</c> (the trailing slash is required: 307 without it) with <c>eq</c>, <c>ne</c>, <c>startswith</c>,
/// <c>endswith</c> and <c>substringof</c> over the entity's property names. Entities are the live rows of their table with
/// PascalCase names (<c>customer_name</c> → <c>CustomerName</c>). Writes are not modelled (501; an address PUT is 405).
/// </summary>
internal static class EntityEndpoints
{
    private static readonly Dictionary<string, (string Table, string[] Key)> Resources = new(StringComparer.OrdinalIgnoreCase)
    {
        ["customers"] = ("customer", ["company_id", "customer_id"]),
        ["vendors"] = ("vendor", ["company_id", "vendor_id"]),
        ["contacts"] = ("contacts", ["id"]),
        ["addresses"] = ("address", ["id"]),
    };

    public static void Map(WebApplication app)
    {
        app.MapGet("/api/entity/{resource}", ListAsync);
        app.MapGet("/api/entity/{resource}/ping", (string resource) => Resources.ContainsKey(resource) ? Results.Ok(true) : Results.NotFound());
        app.MapGet("/api/entity/{resource}/new", NewAsync);
        app.MapGet("/api/entity/{resource}/{key}", GetAsync);
        app.MapPost("/api/entity/{resource}", (HttpContext context, string resource) => NotModelled(context.Request, resource));
        app.MapPut("/api/entity/{resource}/{key}", (HttpContext context, string resource, string key) =>
            string.Equals(resource, "addresses", StringComparison.OrdinalIgnoreCase) ? Results.StatusCode(StatusCodes.Status405MethodNotAllowed) : NotModelled(context.Request, resource));
    }

    private static async Task<IResult> ListAsync(HttpContext context, string resource, SandboxDatabase db, EdmModelCache models, SandboxClock clock)
    {
        if (!Resources.TryGetValue(resource, out var entity))
        {
            return Results.NotFound();
        }

        if (TrailingSlash.RedirectIfMissing(context) is { } redirect)
        {
            return redirect;
        }

        TableDef table = db.FindTable(entity.Table)!;
        string where = SoftDeleteClause(table);
        var parameters = new List<(string, object?)>();
        if (context.Request.Query["$query"].ToString() is { Length: > 0 } query)
        {
            try
            {
                (string sql, IReadOnlyList<SqliteParameter> values) = Translate(query, table, models.Model(views: false), clock);
                where += " AND " + sql;
                parameters.AddRange(values.Select(static p => (p.ParameterName, p.Value)));
            }
            catch (Exception ex) when (ex is ODataException or ODataQueryRejectedException or FormatException)
            {
                return Error(context.Request, $"The query is not valid: {ex.Message}", "System.ArgumentException", StatusCodes.Status400BadRequest);
            }
        }

        await using WriteSession session = await db.BeginWriteAsync(context.RequestAborted);
        List<Dictionary<string, object?>> rows = await session.RowsAsync(
            $"SELECT * FROM \"{table.Name}\" WHERE {where} ORDER BY {string.Join(", ", entity.Key.Select(FilterSqlTranslator.Column))}", context.RequestAborted, [.. parameters]);
        var list = new JsonArray([.. rows.Select(r => (JsonNode)Entity(table, r, clock))]);
        return RestResponses.Answer(context.Request, list, RestJsonContext.Default.JsonArray, "ArrayOf" + ElementName(resource), _ => ElementName(resource));
    }

    private static async Task<IResult> GetAsync(HttpContext context, string resource, string key, SandboxDatabase db, SandboxClock clock)
    {
        if (!Resources.TryGetValue(resource, out var entity))
        {
            return Results.NotFound();
        }

        string[] parts = entity.Key.Length == 1 ? [key] : key.Split('_', 2);
        if (parts.Length != entity.Key.Length)
        {
            return NotFound(context.Request, resource, key);
        }

        TableDef table = db.FindTable(entity.Table)!;
        await using WriteSession session = await db.BeginWriteAsync(context.RequestAborted);
        Dictionary<string, object?>? row = await session.RowAsync(
            $"SELECT * FROM \"{table.Name}\" WHERE {SoftDeleteClause(table)} AND {string.Join(" AND ", entity.Key.Select((k, i) => $"{FilterSqlTranslator.Column(k)} = $k{i}"))}",
            context.RequestAborted, [.. parts.Select((p, i) => ($"$k{i}", (object?)p))]);
        return row is null
            ? NotFound(context.Request, resource, key)
            : RestResponses.Answer(context.Request, Entity(table, row, clock), RestJsonContext.Default.JsonObject, ElementName(resource), static n => n);
    }

    private static IResult NewAsync(HttpContext context, string resource, SandboxDatabase db)
    {
        if (!Resources.TryGetValue(resource, out var entity) || string.Equals(resource, "addresses", StringComparison.OrdinalIgnoreCase))
        {
            return Results.NotFound();
        }

        var template = new JsonObject();
        foreach (ColumnDef column in db.FindTable(entity.Table)!.Columns)
        {
            template[PropertyName(column.Name)] = null;
        }

        return RestResponses.Answer(context.Request, template, RestJsonContext.Default.JsonObject, ElementName(resource), static n => n);
    }

    /// <summary>$query over PascalCase property names, parsed by the OData parser against the table's columns.</summary>
    private static (string Sql, IReadOnlyList<SqliteParameter> Parameters) Translate(string query, TableDef table, EdmModel model, SandboxClock clock)
    {
        var columns = table.Columns.ToDictionary(static c => PropertyName(c.Name), static c => c.Name, StringComparer.OrdinalIgnoreCase);
        var filter = V3Filter.ToV4(query, clock.UtcOffset, n => columns.GetValueOrDefault(n, n));
        IEdmEntitySet set = model.EntityContainer.FindEntitySet(table.Name);
        var parser = new ODataQueryOptionParser(model, set.EntityType, set, new Dictionary<string, string> { ["$filter"] = filter });
        FilterClause clause = parser.ParseFilter();
        var translator = new FilterSqlTranslator(clock);
        return (translator.Translate(clause.Expression), translator.Parameters);
    }

    private static JsonObject Entity(TableDef table, Dictionary<string, object?> row, SandboxClock clock)
    {
        var entity = new JsonObject();
        foreach (ColumnDef column in table.Columns)
        {
            object? value = row.GetValueOrDefault(column.Name);
            entity[PropertyName(column.Name)] = value is null or DBNull ? null : column.Kind switch
            {
                ColumnKind.Int => JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
                ColumnKind.Decimal => JsonValue.Create(Convert.ToDecimal(value, CultureInfo.InvariantCulture)),
                ColumnKind.DateTime => JsonValue.Create(clock.Render(Convert.ToString(value, CultureInfo.InvariantCulture)!)),
                _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
            };
        }

        return entity;
    }

    private static string SoftDeleteClause(TableDef table) => table.SoftDelete == SoftDelete.DeleteFlag ? "COALESCE(delete_flag, 'N') <> 'Y'" : "1=1";

    /// <summary>customer_name → CustomerName, class_1id → Class1id.</summary>
    private static string PropertyName(string column) =>
        string.Concat(column.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(static p => char.ToUpperInvariant(p[0]) + p[1..]));

    private static string ElementName(string resource) => resource.ToLowerInvariant() switch
    {
        "customers" => "Customer",
        "vendors" => "Vendor",
        "contacts" => "Contact",
        _ => "Address",
    };

    private static IResult NotFound(HttpRequest request, string resource, string key) =>
        Error(request, $"{ElementName(resource)} {key} was not found.", "P21.Common.Exceptions.ResourceNotFoundException", StatusCodes.Status404NotFound);

    private static IResult NotModelled(HttpRequest request, string resource) =>
        Resources.ContainsKey(resource)
            ? Error(request, "The sandbox does not model Entity API writes; write through the Transaction API.", "System.NotSupportedException", StatusCodes.Status501NotImplemented)
            : Results.NotFound();

    private static IResult Error(HttpRequest request, string message, string type, int status) =>
        InventoryPartEndpoints.Error(request, P21Error.Create(message, type), status);
}
