using System.Text.Json.Nodes;

using P21.Sandbox.Data;
using P21.Sandbox.Json;

namespace P21.Sandbox.Rest;

/// <summary>
/// <c>GET /api/extensibility/userdefinedfields/tables[/{table}]</c> (p21-api.md §2.5, S1): which tables have
/// user-defined fields, and which fields, from the live <c>*_ud</c> tables (fields added with <c>/_sandbox/ud-fields</c>
/// appear at once). The join keys and the <c>*_ud_uid</c> are not user-defined fields and are left out.
/// </summary>
internal static class UserDefinedFieldEndpoints
{
    private const string Root = "/api/extensibility/userdefinedfields/tables";

    public static void Map(WebApplication app)
    {
        app.MapGet(Root, (HttpContext context, SandboxDatabase db) =>
            RestResponses.Answer(context.Request, new JsonArray([.. UdTables(db).Select(t => (JsonNode)Describe(t))]), RestJsonContext.Default.JsonArray,
                "ArrayOfUserDefinedTable", static _ => "UserDefinedTable"));
        app.MapGet(Root + "/{table}", (HttpContext context, string table, SandboxDatabase db) =>
            UdTables(db).FirstOrDefault(t => string.Equals(t.Name, table, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(Base(t), table, StringComparison.OrdinalIgnoreCase)) is { } found
                ? RestResponses.Answer(context.Request, Describe(found), RestJsonContext.Default.JsonObject, "UserDefinedTable", static _ => "UserDefinedField")
                : InventoryPartEndpoints.Error(context.Request, P21Error.Create($"Table {table} has no user-defined fields.", "P21.Common.Exceptions.NotFoundException"), StatusCodes.Status404NotFound));
    }

    private static IEnumerable<TableDef> UdTables(SandboxDatabase db) =>
        db.Schema.Values.Where(static t => t.Name.EndsWith("_ud", StringComparison.Ordinal)).OrderBy(static t => t.Name, StringComparer.Ordinal);

    private static string Base(TableDef table) => table.Name[..^3];

    private static JsonObject Describe(TableDef table)
    {
        string uid = table.Name + "_uid";
        var fields = table.Columns
            .Where(c => !table.Key.Contains(c.Name) && c.Name != uid && c.Name is not ("date_created" or "date_last_modified"))
            .Select(static c => (JsonNode)new JsonObject
            {
                ["FieldName"] = c.Name,
                ["DataType"] = c.Kind switch { ColumnKind.Int => "Long", ColumnKind.Decimal => "Decimal", ColumnKind.DateTime => "Datetime", _ => "Char" },
                ["Length"] = c.Kind == ColumnKind.Text ? c.Length : null,
            });
        return new JsonObject { ["TableName"] = Base(table), ["UdTableName"] = table.Name, ["Fields"] = new JsonArray([.. fields]) };
    }
}
