using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;

using Microsoft.Data.Sqlite;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;
using Microsoft.OData.Edm.Validation;
using Microsoft.OData.UriParser;

using P21.Sandbox.Data;

namespace P21.Sandbox.OData;

/// <summary>
/// OData v4 reads on /odataservice/odata/table/{name} and /odataservice/odata/view/{name}, with P21's quirks:
/// no next link, `in` ignored, 404 for anything unknown, XML unless the client asks for JSON.
/// </summary>
internal static class ODataEndpoints
{
    private const string Root = "/odataservice/odata";
    private const string NotAuthorized = "You are not authorized to access API";
    private const int FilterDepthLimit = 800;
    private static readonly string[] KnownOptions = ["$filter", "$select", "$orderby", "$top", "$skip", "$count", "$format"];

    public static void Map(WebApplication app)
    {
        app.MapGet(Root + "/table/{name}", (HttpContext context, string name, SandboxDatabase db, EdmModelCache models, SandboxClock clock, SandboxStats stats) =>
            ServeAsync(context, name, views: false, db, models, clock, stats));
        app.MapGet(Root + "/view/{name}", (HttpContext context, string name, SandboxDatabase db, EdmModelCache models, SandboxClock clock, SandboxStats stats) =>
            ServeAsync(context, name, views: true, db, models, clock, stats));
    }

    private static async Task ServeAsync(HttpContext context, string name, bool views, SandboxDatabase db, EdmModelCache models, SandboxClock clock, SandboxStats stats)
    {
        context.Response.Headers["OData-Version"] = "4.0";
        if (name == "$metadata")
        {
            await WriteMetadataAsync(context, models.Model(views));
            return;
        }

        string canonical = name.ToLowerInvariant();
        stats.CountODataName(canonical);
        if (context.RequestServices.GetRequiredService<SandboxPermissions>().IsDenied(canonical)
            && context.Items[Auth.BearerGate.PrincipalKey] is Auth.TokenPrincipal { IsConsumer: false })
        {
            // No "Allow OData API Service" / Dataservice permission on the table: P21 refuses with a valid token.
            await Results.Json(new Json.AuthorizationDenied(NotAuthorized), Json.SandboxJsonContext.Default.AuthorizationDenied, statusCode: StatusCodes.Status403Forbidden)
                .ExecuteAsync(context);
            return;
        }

        bool isView = TableCatalog.IsView(canonical);
        TableDef? table = db.FindTable(canonical);
        bool hidden = TableCatalog.IsEsView(canonical) && !context.RequestServices.GetRequiredService<SandboxOptions>().EnterpriseSearchViews;
        if (table is null || isView != views || hidden)
        {
            // P21 answers the wrong surface (and unknown names) with an empty-bodied 404.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        foreach (string key in context.Request.Query.Keys)
        {
            if (key.StartsWith('$') && !KnownOptions.Contains(key, StringComparer.Ordinal))
            {
                await WriteODataErrorAsync(context, StatusCodes.Status400BadRequest, $"The query parameter '{key}' is not supported.");
                return;
            }
        }

        ODataSqlQuery query;
        try
        {
            query = Parse(context.Request.Query, models.Model(views), table, clock);
        }
        catch (Exception ex) when (ex is ODataException or ODataQueryRejectedException)
        {
            await WriteODataErrorAsync(context, StatusCodes.Status404NotFound, ex.Message);
            return;
        }
        catch (FormatException ex)
        {
            await WriteODataErrorAsync(context, StatusCodes.Status400BadRequest, ex.Message);
            return;
        }

        await using SqliteConnection connection = await db.OpenAsync(context.RequestAborted);
        long? count = null;
        if (query.Count)
        {
            await using SqliteCommand countCommand = query.CountCommand(connection);
            count = Convert.ToInt64(await countCommand.ExecuteScalarAsync(context.RequestAborted), CultureInfo.InvariantCulture);
        }

        await using SqliteCommand command = query.SelectCommand(connection);
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(context.RequestAborted);
        string contextUrl = $"{context.Request.Scheme}://{context.Request.Host}{Root}/{(views ? "view" : "table")}/$metadata#{table.Name}"
            + (query.SelectedColumns is null ? string.Empty : $"({string.Join(',', query.SelectedColumns)})");
        long rows = WantsJson(context.Request)
            ? await ODataPayloadWriter.WriteJsonAsync(context, reader, query.Columns, contextUrl, count, clock)
            : await ODataPayloadWriter.WriteAtomAsync(context, reader, query.Columns, table.Name, contextUrl, count, clock);
        stats.AddRows(rows);
    }

    /// <summary>JSON only when the client names application/json; a bare */* still gets XML, as in P21.</summary>
    public static bool WantsJson(HttpRequest request) =>
        request.Headers.Accept.Any(static a => a is not null && a.Contains("application/json", StringComparison.OrdinalIgnoreCase))
        || string.Equals(request.Query["$format"], "json", StringComparison.OrdinalIgnoreCase);

    internal static ODataSqlQuery Parse(IQueryCollection query, EdmModel model, TableDef table, SandboxClock clock)
    {
        IEdmEntitySet set = model.EntityContainer.FindEntitySet(table.Name);
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string option in new[] { "$filter", "$select", "$orderby" })
        {
            string? value = query[option];
            if (!string.IsNullOrWhiteSpace(value))
            {
                options[option] = value;
            }
        }

        if (options.TryGetValue("$filter", out string? filterText))
        {
            RejectSyntaxErrors(filterText);
        }

        var parser = new ODataQueryOptionParser(model, set.EntityType, set, options);
        var translator = new FilterSqlTranslator(clock);
        string? where = null;
        FilterClause? filter;
        try
        {
            filter = parser.ParseFilter();
        }
        catch (ODataException) when (LooksLikeIn(options.GetValueOrDefault("$filter")))
        {
            // `in` lists the parser cannot type (e.g. quoted decimals) are still ignored rather than refused.
            filter = null;
            where = null;
        }

        if (filter is not null)
        {
            where = translator.Translate(filter.Expression);
            if (translator.UsedIn)
            {
                // P21 silently drops a filter that uses `in` and returns the whole set.
                where = null;
            }
        }

        string? orderBy = parser.ParseOrderBy() is { } order ? FilterSqlTranslator.OrderBy(order) : null;
        List<string>? selected = null;
        SelectExpandClause? select = parser.ParseSelectAndExpand();
        if (select is not null && !select.AllSelected)
        {
            selected = [];
            foreach (SelectItem item in select.SelectedItems)
            {
                if (item is PathSelectItem { SelectedPath.LastSegment: PropertySegment property })
                {
                    selected.Add(property.Property.Name);
                }
                else
                {
                    throw new ODataQueryRejectedException("Only columns can be selected.");
                }
            }
        }

        long? top = ParseNonNegative(query["$top"], "$top");
        long? skip = ParseNonNegative(query["$skip"], "$skip");
        string? countText = query["$count"];
        bool count = countText switch
        {
            null or "" or "false" => false,
            "true" => true,
            _ => throw new FormatException("$count must be true or false."),
        };

        List<ColumnDef> columns = selected is null ? [.. table.Columns] : [.. selected.Select(c => table.Column(c)!)];
        return new ODataSqlQuery(table.Name, columns, selected, where, translator.Parameters, orderBy, top, skip, count);
    }

    /// <summary>
    /// P21 answers a $filter that does not parse with 400, but one that parses and names an unknown column or mixes
    /// types with 404; so the text is parsed on its own first, before the model binds it.
    /// </summary>
    private static void RejectSyntaxErrors(string filter)
    {
        try
        {
            new UriQueryExpressionParser(FilterDepthLimit).ParseFilter(filter);
        }
        catch (ODataException ex)
        {
            throw new FormatException($"Invalid filter expression: {ex.Message}", ex);
        }
    }

    private static bool LooksLikeIn(string? filter) =>
        filter is not null && System.Text.RegularExpressions.Regex.IsMatch(filter, @"\sin\s*\(", System.Text.RegularExpressions.RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));

    private static long? ParseNonNegative(string? text, string option)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw new FormatException($"{option} must be a non-negative integer.");
    }

    private static async Task WriteMetadataAsync(HttpContext context, EdmModel model)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            if (!CsdlWriter.TryWriteCsdl(model, writer, out IEnumerable<EdmError> errors))
            {
                throw new InvalidOperationException("CSDL generation failed: " + string.Join("; ", errors));
            }
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private static async Task WriteODataErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("code", string.Empty);
        writer.WriteString("message", message);
        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}

/// <summary>A parsed OData request, ready to run against SQLite.</summary>
internal sealed record ODataSqlQuery(
    string Table,
    IReadOnlyList<ColumnDef> Columns,
    IReadOnlyList<string>? SelectedColumns,
    string? Where,
    IReadOnlyList<SqliteParameter> Parameters,
    string? OrderBy,
    long? Top,
    long? Skip,
    bool Count)
{
    public SqliteCommand CountCommand(SqliteConnection connection) =>
        Command(connection, $"SELECT COUNT(*) FROM {FilterSqlTranslator.Column(Table)}{WhereClause}");

    public SqliteCommand SelectCommand(SqliteConnection connection)
    {
        var sql = new StringBuilder("SELECT ");
        sql.AppendJoin(", ", Columns.Select(static c => FilterSqlTranslator.Column(c.Name)));
        sql.Append(" FROM ").Append(FilterSqlTranslator.Column(Table)).Append(WhereClause);
        if (OrderBy is not null)
        {
            sql.Append(" ORDER BY ").Append(OrderBy);
        }

        if (Top is not null || Skip is not null)
        {
            sql.Append(" LIMIT $top OFFSET $skip");
        }

        SqliteCommand command = Command(connection, sql.ToString());
        if (Top is not null || Skip is not null)
        {
            command.Parameters.AddWithValue("$top", Top ?? -1);
            command.Parameters.AddWithValue("$skip", Skip ?? 0);
        }

        return command;
    }

    private string WhereClause => Where is null ? string.Empty : " WHERE " + Where;

    private SqliteCommand Command(SqliteConnection connection, string sql)
    {
        SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (SqliteParameter parameter in Parameters)
        {
            command.Parameters.Add(new SqliteParameter(parameter.ParameterName, parameter.Value));
        }

        return command;
    }
}
