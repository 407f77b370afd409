using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using P21.Sandbox.Auth;
using P21.Sandbox.Business;
using P21.Sandbox.Data;

namespace P21.Sandbox.Control;

/// <summary>
/// /_sandbox/...: test and demo controls outside the simulated API (no auth, no faults). They change data the way
/// the business would (with date_last_modified bumped), so pollers see the changes.
/// </summary>
internal static partial class ControlEndpoints
{
    public static void Map(WebApplication app)
    {
        RouteGroupBuilder group = app.MapGroup("/_sandbox");
        group.MapPut("/rows/{table}", PutRowAsync);
        group.MapDelete("/rows/{table}/{key}", DeleteRowAsync);
        group.MapPost("/orders/{orderNo}/pick", PickAsync);
        group.MapPost("/orders/{orderNo}/ship", ShipAsync);
        group.MapPost("/purchase-orders/{poNo}/receive", ReceiveAsync);
        group.MapPost("/rmas/{orderNo}/receive", ReceiveRmaAsync);
        group.MapPost("/stock", StockAsync);
        group.MapPost("/prices", PricesAsync);
        group.MapPost("/ud-fields", UdFieldAsync);
        group.MapPost("/tokens/revoke", RevokeAsync);
        group.MapGet("/stats", static (SandboxStats stats) => Json(StatsNode(stats)));
        group.MapDelete("/stats", static (SandboxStats stats) =>
        {
            stats.Reset();
            return Json(StatsNode(stats));
        });
        group.MapGet("/faults", static (SandboxFaults faults) => Json(FaultsNode(faults)));
        group.MapPut("/faults", PutFaultsAsync);
        group.MapDelete("/faults", static (SandboxFaults faults) =>
        {
            faults.Reset();
            return Json(FaultsNode(faults));
        });
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,63}$")]
    private static partial Regex Identifier();

    private static IResult Json(JsonNode node, int status = StatusCodes.Status200OK) => Results.Text(node.ToJsonString(), "application/json", statusCode: status);

    private static IResult Problem(int status, string message) => Json(new JsonObject { ["error"] = message }, status);

    private static async Task<JsonObject?> BodyAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<IResult> PutRowAsync(HttpContext context, string table, SandboxDatabase db, SandboxClock clock)
    {
        TableDef? def = db.FindTable(table.ToLowerInvariant());
        if (def is null || TableCatalog.IsView(def.Name))
        {
            return Problem(404, $"Unknown table '{table}'.");
        }

        JsonObject? body = await BodyAsync(context);
        if (body is null || body.Count == 0)
        {
            return Problem(400, "Body must be a JSON object of column values.");
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach ((string name, JsonNode? node) in body)
        {
            ColumnDef? column = def.Column(name);
            if (column is null)
            {
                return Problem(400, $"Table {def.Name} has no column '{name}'.");
            }

            try
            {
                values[column.Name] = Convert(node, column, clock);
            }
            catch (FormatException ex)
            {
                return Problem(400, ex.Message);
            }
        }

        foreach (string key in def.Key)
        {
            if (!values.ContainsKey(key) || values[key] is null)
            {
                return Problem(400, $"Key column '{key}' is required.");
            }
        }

        await using WriteSession session = await db.BeginWriteAsync(context.RequestAborted);
        string where = string.Join(" AND ", def.Key.Select(static (k, i) => $"\"{k}\" = $k{i}"));
        (string, object?)[] keyParams = [.. def.Key.Select((k, i) => ($"$k{i}", values[k]))];
        bool exists = await session.RowAsync($"SELECT 1 FROM \"{def.Name}\" WHERE {where}", context.RequestAborted, keyParams) is not null;
        var parameters = values.Select(static (v, i) => ($"$v{i}", v.Value)).ToList();
        try
        {
            if (exists)
            {
                var sets = values.Keys.Select(static (c, i) => (c, i)).Where(p => !def.Key.Contains(p.c)).Select(static p => $"\"{p.c}\" = $v{p.i}").ToList();
                if (!values.ContainsKey("date_last_modified"))
                {
                    sets.Add("date_last_modified = sandbox_now()");
                }

                await session.RunAsync($"UPDATE \"{def.Name}\" SET {string.Join(", ", sets)} WHERE {where}", context.RequestAborted, [.. parameters, .. keyParams]);
            }
            else
            {
                string uid = def.Name + "_uid";
                if (def.Column(uid) is not null && !values.ContainsKey(uid))
                {
                    values[uid] = await session.ExecuteAsync<long>($"SELECT COALESCE(MAX(\"{uid}\"), 0) + 1 FROM \"{def.Name}\"", context.RequestAborted);
                    parameters.Add(($"$v{parameters.Count}", values[uid]));
                }

                if (def.SoftDelete == SoftDelete.DeleteFlag && !values.ContainsKey("delete_flag"))
                {
                    values["delete_flag"] = "N";
                    parameters.Add(($"$v{parameters.Count}", "N"));
                }

                if (def.SoftDelete == SoftDelete.RowStatusFlag && !values.ContainsKey("row_status_flag"))
                {
                    values["row_status_flag"] = TableCatalog.RowStatusActive;
                    parameters.Add(($"$v{parameters.Count}", TableCatalog.RowStatusActive));
                }

                await session.RunAsync(
                    $"INSERT INTO \"{def.Name}\" ({string.Join(", ", values.Keys.Select(static c => $"\"{c}\""))}) VALUES ({string.Join(", ", values.Keys.Select(static (_, i) => $"$v{i}"))})",
                    context.RequestAborted, [.. parameters]);
            }
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            // A unique key or item_id equal ignoring case to another row's: SQL Server's collation refuses it too.
            return Problem(409, $"The row conflicts with an existing {def.Name} row (keys and item_id are unique ignoring case): {ex.Message}");
        }

        await session.CommitAsync(context.RequestAborted);
        return Json(new JsonObject { ["table"] = def.Name, ["action"] = exists ? "updated" : "inserted" });
    }

    /// <summary>Soft-deletes a row; with <c>?hard=true</c> removes it, the way a purge or a direct SQL delete would.</summary>
    private static async Task<IResult> DeleteRowAsync(HttpContext context, string table, string key, SandboxDatabase db, bool? hard)
    {
        TableDef? def = db.FindTable(table.ToLowerInvariant());
        if (def is null || TableCatalog.IsView(def.Name))
        {
            return Problem(404, $"Unknown table '{table}'.");
        }

        if (def.SoftDelete == SoftDelete.None && hard != true)
        {
            return Problem(409, $"Table {def.Name} has no soft-delete column (delete_flag or row_status_flag); use ?hard=true to remove the row.");
        }

        string[] parts = key.Split(',');
        if (parts.Length != def.Key.Count)
        {
            return Problem(400, $"Table {def.Name} has the key ({string.Join(",", def.Key)}); send the values separated by commas.");
        }

        if (hard == true)
        {
            await using WriteSession purge = await db.BeginWriteAsync(context.RequestAborted);
            int removed = await purge.RunAsync(
                $"DELETE FROM \"{def.Name}\" WHERE {string.Join(" AND ", def.Key.Select(static (k, i) => $"\"{k}\" = $k{i}"))}",
                context.RequestAborted, [.. parts.Select(static (p, i) => ($"$k{i}", (object?)p))]);
            await purge.CommitAsync(context.RequestAborted);
            return removed == 0 ? Problem(404, $"No {def.Name} row has the key {key}.") : Json(new JsonObject { ["table"] = def.Name, ["action"] = "hard-deleted" });
        }

        string set = def.SoftDelete == SoftDelete.DeleteFlag ? "delete_flag = 'Y'" : $"row_status_flag = {TableCatalog.RowStatusDeleted}";
        await using WriteSession session = await db.BeginWriteAsync(context.RequestAborted);
        int changed = await session.RunAsync(
            $"UPDATE \"{def.Name}\" SET {set}, date_last_modified = sandbox_now() WHERE {string.Join(" AND ", def.Key.Select(static (k, i) => $"\"{k}\" = $k{i}"))}",
            context.RequestAborted, [.. parts.Select(static (p, i) => ($"$k{i}", (object?)p))]);
        await session.CommitAsync(context.RequestAborted);
        return changed == 0 ? Problem(404, $"No {def.Name} row has the key {key}.") : Json(new JsonObject { ["table"] = def.Name, ["action"] = "soft-deleted" });
    }

    private static async Task<IResult> PickAsync(HttpContext context, string orderNo, SandboxDatabase db, ShipmentWriter shipments)
    {
        await using WriteSession session = await db.BeginWriteAsync(context.RequestAborted);
        try
        {
            long pick = await shipments.CreatePickTicketAsync(session, orderNo, context.RequestAborted);
            await session.CommitAsync(context.RequestAborted);
            return Json(new JsonObject { ["pickTicketNo"] = pick });
        }
        catch (BusinessRuleException ex)
        {
            return Problem(409, ex.Message);
        }
    }

    private static async Task<IResult> ShipAsync(HttpContext context, string orderNo, SandboxDatabase db, ShipmentWriter shipments)
    {
        JsonObject body = await BodyAsync(context) ?? [];
        await using WriteSession session = await db.BeginWriteAsync(context.RequestAborted);
        try
        {
            object? open = await session.ExecuteAsync<object?>("SELECT pick_ticket_no FROM oe_pick_ticket WHERE order_no = $o AND invoice_no IS NULL AND delete_flag = 'N' ORDER BY pick_ticket_no LIMIT 1",
                context.RequestAborted, ("$o", orderNo));
            decimal pick = open is null ? await shipments.CreatePickTicketAsync(session, orderNo, context.RequestAborted) : ValueParsing.Number(open);
            decimal carrier = ValueParsing.Decimal(body["carrierId"]?.ToString(), "carrierId") ?? ShipmentWriter.Carriers[0].Id;
            string? invoice = await shipments.ConfirmAsync(session, pick, carrier, body["trackingNo"]?.ToString(), null, createInvoice: true, context.RequestAborted);
            await session.CommitAsync(context.RequestAborted);
            return Json(new JsonObject { ["pickTicketNo"] = pick, ["invoiceNo"] = invoice });
        }
        catch (BusinessRuleException ex)
        {
            return Problem(409, ex.Message);
        }
    }

    private static async Task<IResult> ReceiveAsync(HttpContext context, string poNo, SandboxDatabase db)
    {
        if (!decimal.TryParse(poNo, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal po))
        {
            return Problem(400, "poNo must be a number.");
        }

        await using WriteSession session = await db.BeginWriteAsync(context.RequestAborted);
        Dictionary<string, object?>? header = await session.RowAsync("SELECT * FROM po_hdr WHERE po_no = $p AND delete_flag = 'N'", context.RequestAborted, ("$p", po));
        if (header is null)
        {
            return Problem(404, $"Purchase order {poNo} does not exist.");
        }

        List<Dictionary<string, object?>> lines = await session.RowsAsync("SELECT * FROM po_line WHERE po_no = $p AND delete_flag = 'N' AND qty_received < qty_ordered", context.RequestAborted, ("$p", po));
        if (lines.Count == 0)
        {
            return Problem(409, $"Purchase order {poNo} has nothing left to receive.");
        }

        foreach (Dictionary<string, object?> line in lines)
        {
            decimal open = ValueParsing.Number(line["qty_ordered"]) - ValueParsing.Number(line["qty_received"]);
            await session.RunAsync("UPDATE po_line SET qty_received = qty_ordered, complete = 'Y' WHERE po_no = $p AND line_no = $l", context.RequestAborted, ("$p", po), ("$l", line["line_no"]));
            await session.RunAsync("UPDATE inv_loc SET qty_on_hand = qty_on_hand + $q, inv_last_changed_date = sandbox_now() WHERE location_id = $l AND inv_mast_uid = $u", context.RequestAborted,
                ("$q", open), ("$l", header["location_id"]), ("$u", line["inv_mast_uid"]));
        }

        await session.RunAsync("UPDATE po_hdr SET complete = 'Y' WHERE po_no = $p", context.RequestAborted, ("$p", po));
        await session.CommitAsync(context.RequestAborted);
        return Json(new JsonObject { ["poNo"] = po, ["linesReceived"] = lines.Count });
    }

    private static async Task<IResult> ReceiveRmaAsync(HttpContext context, string orderNo, SandboxDatabase db)
    {
        await using WriteSession session = await db.BeginWriteAsync(context.RequestAborted);
        Dictionary<string, object?>? header = await session.RowAsync("SELECT * FROM oe_hdr WHERE order_no = $o AND delete_flag = 'N'", context.RequestAborted, ("$o", orderNo));
        if (header is null || ValueParsing.Text(header["rma_flag"]) != "Y")
        {
            return Problem(404, $"RMA {orderNo} does not exist.");
        }

        List<Dictionary<string, object?>> lines = await session.RowsAsync("SELECT * FROM oe_line WHERE order_no = $o AND delete_flag = 'N' AND cancel_flag = 'N' AND complete = 'N'", context.RequestAborted, ("$o", orderNo));
        if (lines.Count == 0)
        {
            return Problem(409, $"RMA {orderNo} has nothing left to receive.");
        }

        foreach (Dictionary<string, object?> line in lines)
        {
            await session.RunAsync("UPDATE oe_line SET complete = 'Y' WHERE order_no = $o AND line_no = $l", context.RequestAborted, ("$o", orderNo), ("$l", line["line_no"]));
            await session.RunAsync("UPDATE inv_loc SET qty_on_hand = qty_on_hand + $q, inv_last_changed_date = sandbox_now() WHERE location_id = $l AND inv_mast_uid = $u", context.RequestAborted,
                ("$q", line["qty_ordered"]), ("$l", line["source_loc_id"]), ("$u", line["inv_mast_uid"]));
        }

        await session.RunAsync("UPDATE oe_hdr SET completed = 'Y' WHERE order_no = $o", context.RequestAborted, ("$o", orderNo));
        await session.CommitAsync(context.RequestAborted);
        return Json(new JsonObject { ["orderNo"] = orderNo, ["linesReceived"] = lines.Count });
    }

    private static async Task<IResult> StockAsync(HttpContext context, SandboxDatabase db)
    {
        JsonObject? body = await BodyAsync(context);
        string? itemId = body?["itemId"]?.ToString();
        decimal? location = ValueParsing.Decimal(body?["locationId"]?.ToString(), "locationId");
        decimal? qty = ValueParsing.Decimal(body?["qtyOnHand"]?.ToString(), "qtyOnHand");
        if (itemId is null || location is null || qty is null)
        {
            return Problem(400, "itemId, locationId and qtyOnHand are required.");
        }

        await using WriteSession session = await db.BeginWriteAsync(context.RequestAborted);
        int changed = await session.RunAsync("UPDATE inv_loc SET qty_on_hand = $q, inv_last_changed_date = sandbox_now() WHERE item_id = $i AND location_id = $l", context.RequestAborted,
            ("$q", qty), ("$i", itemId), ("$l", location));
        await session.CommitAsync(context.RequestAborted);
        return changed == 0 ? Problem(404, $"Item '{itemId}' is not stocked at location {location}.") : Json(new JsonObject { ["itemId"] = itemId, ["locationId"] = location, ["qtyOnHand"] = qty });
    }

    private static async Task<IResult> PricesAsync(HttpContext context, SandboxDatabase db)
    {
        JsonObject? body = await BodyAsync(context);
        string? itemId = body?["itemId"]?.ToString();
        decimal? price = ValueParsing.Decimal(body?["price"]?.ToString(), "price");
        if (itemId is null || price is null || price < 0)
        {
            return Problem(400, "itemId and a non-negative price are required; optional breaks: [{quantity, price}].");
        }

        await using WriteSession session = await db.BeginWriteAsync(context.RequestAborted);
        object? uid = await session.ExecuteAsync<object?>("SELECT inv_mast_uid FROM inv_mast WHERE item_id = $i", context.RequestAborted, ("$i", itemId));
        if (uid is null)
        {
            return Problem(404, $"Item '{itemId}' does not exist.");
        }

        await session.RunAsync("UPDATE inv_mast SET price1 = $p WHERE inv_mast_uid = $u", context.RequestAborted, ("$p", price), ("$u", uid));
        await session.RunAsync("UPDATE inv_loc SET price1 = $p WHERE inv_mast_uid = $u", context.RequestAborted, ("$p", price), ("$u", uid));
        if (body!["breaks"] is JsonArray breaks)
        {
            var tiers = breaks.Select(b => (Qty: ValueParsing.Decimal(b?["quantity"]?.ToString(), "quantity"), Price: ValueParsing.Decimal(b?["price"]?.ToString(), "price"))).Take(3).ToList();
            if (tiers.Any(static t => t.Qty is null or <= 0 || t.Price is null or < 0))
            {
                return Problem(400, "Each break needs a positive quantity and a non-negative price.");
            }

            // The old pages stay behind as deleted rows (row_status_flag 700), as soft deletes do in P21.
            await session.RunAsync("UPDATE price_page SET row_status_flag = 700 WHERE inv_mast_uid = $u AND row_status_flag = 704 AND price_page_uid IN (SELECT price_page_uid FROM price_page_x_book WHERE price_book_uid = 1)",
                context.RequestAborted, ("$u", uid));
            long pageUid = await session.ExecuteAsync<long>("SELECT COALESCE(MAX(price_page_uid), 0) + 1 FROM price_page", context.RequestAborted);
            await session.RunAsync(
                """
                INSERT INTO price_page (price_page_uid, price_page_type_cd, description, inv_mast_uid, calculation_method_cd, effective_date, expiration_date, break1, break2, break3,
                  calculation_value1, calculation_value2, calculation_value3, calculation_value4, row_status_flag)
                VALUES ($id, 1, 'Sandbox price breaks', $u, 2, '2000-01-01 00:00:00', '2099-12-31 00:00:00', $b1, $b2, $b3, $v1, $v2, $v3, $v4, 704)
                """,
                context.RequestAborted, ("$id", pageUid), ("$u", uid), ("$b1", tiers.ElementAtOrDefault(0).Qty), ("$b2", tiers.ElementAtOrDefault(1).Qty), ("$b3", tiers.ElementAtOrDefault(2).Qty),
                ("$v1", price), ("$v2", tiers.ElementAtOrDefault(0).Price), ("$v3", tiers.ElementAtOrDefault(1).Price), ("$v4", tiers.ElementAtOrDefault(2).Price));
            long linkUid = await session.ExecuteAsync<long>("SELECT COALESCE(MAX(price_page_x_book_uid), 0) + 1 FROM price_page_x_book", context.RequestAborted);
            await session.RunAsync("INSERT INTO price_page_x_book (price_page_x_book_uid, price_page_uid, price_book_uid, row_status_flag) VALUES ($id, $p, 1, 704)", context.RequestAborted,
                ("$id", linkUid), ("$p", pageUid));
        }

        await session.CommitAsync(context.RequestAborted);
        return Json(new JsonObject { ["itemId"] = itemId, ["price"] = price });
    }

    private static async Task<IResult> UdFieldAsync(HttpContext context, SandboxDatabase db)
    {
        JsonObject? body = await BodyAsync(context);
        string? table = body?["table"]?.ToString().ToLowerInvariant();
        string? column = body?["column"]?.ToString().ToLowerInvariant();
        string type = body?["type"]?.ToString().ToLowerInvariant() ?? "varchar";
        if (table is null || column is null || !Identifier().IsMatch(column))
        {
            return Problem(400, "table and column (lower-case letters, digits, underscore) are required.");
        }

        if (!table.EndsWith("_ud", StringComparison.Ordinal) || db.FindTable(table) is not { } def)
        {
            return Problem(404, $"'{table}' is not a *_ud table.");
        }

        if (def.Column(column) is not null)
        {
            return Problem(409, $"{table}.{column} already exists.");
        }

        ColumnKind kind = type switch
        {
            "int" => ColumnKind.Int,
            "decimal" => ColumnKind.Decimal,
            "datetime" => ColumnKind.DateTime,
            "varchar" => ColumnKind.Text,
            _ => (ColumnKind)(-1),
        };
        if ((int)kind < 0)
        {
            return Problem(400, "type must be varchar, int, decimal or datetime.");
        }

        int length = ValueParsing.Decimal(body?["length"]?.ToString(), "length") is { } l ? (int)l : 255;
        await db.AddColumnAsync(table, column, kind, length, context.RequestAborted);
        return Json(new JsonObject { ["table"] = table, ["column"] = column, ["type"] = TableCatalog.SqlType(kind, length) });
    }

    private static async Task<IResult> RevokeAsync(HttpContext context, TokenIssuer issuer)
    {
        JsonObject? body = context.Request.ContentLength is null or 0 ? null : await BodyAsync(context);
        int revoked = issuer.Revoke(body?["token"]?.ToString(), body?["userName"]?.ToString());
        return Json(new JsonObject { ["revoked"] = revoked });
    }

    private static async Task<IResult> PutFaultsAsync(HttpContext context, SandboxFaults faults)
    {
        JsonObject? body = await BodyAsync(context);
        if (body is null)
        {
            return Problem(400, "Body must be a JSON object: latencyMs, errorRate, status429Rate, retryAfterSeconds, timeoutRate, seed.");
        }

        try
        {
            foreach ((string name, JsonNode? node) in body)
            {
                double value = node?.GetValue<double>() ?? 0;
                bool isRate = name is "errorRate" or "status429Rate" or "timeoutRate";
                if ((isRate && value is < 0 or > 1) || (!isRate && value < 0 && name != "seed"))
                {
                    return Problem(400, $"{name} is out of range.");
                }

                switch (name)
                {
                    case "latencyMs": faults.LatencyMs = (int)value; break;
                    case "errorRate": faults.ErrorRate = value; break;
                    case "status429Rate": faults.Status429Rate = value; break;
                    case "retryAfterSeconds": faults.RetryAfterSeconds = (int)value; break;
                    case "timeoutRate": faults.TimeoutRate = value; break;
                    case "seed": faults.Seed = (int)value; break;
                    default: return Problem(400, $"Unknown fault knob '{name}'.");
                }
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            return Problem(400, "Fault knobs must be numbers.");
        }

        return Json(FaultsNode(faults));
    }

    private static JsonObject FaultsNode(SandboxFaults f) => new()
    {
        ["latencyMs"] = f.LatencyMs,
        ["errorRate"] = f.ErrorRate,
        ["status429Rate"] = f.Status429Rate,
        ["retryAfterSeconds"] = f.RetryAfterSeconds,
        ["timeoutRate"] = f.TimeoutRate,
        ["seed"] = f.Seed,
    };

    private static JsonObject StatsNode(SandboxStats s)
    {
        var families = new JsonObject();
        foreach ((string family, long count) in s.RequestsByFamily.OrderBy(static p => p.Key, StringComparer.Ordinal))
        {
            families[family] = count;
        }

        var withoutJson = new JsonObject();
        foreach ((string family, long count) in s.RequestsWithoutJsonAccept.OrderBy(static p => p.Key, StringComparer.Ordinal))
        {
            withoutJson[family] = count;
        }

        var byName = new JsonObject();
        foreach ((string name, long count) in s.ODataRequestsByName.OrderBy(static p => p.Key, StringComparer.Ordinal))
        {
            byName[name] = count;
        }

        return new JsonObject
        {
            ["requestsByFamily"] = families,
            ["odataRequestsByName"] = byName,
            ["totalRequests"] = s.TotalRequests,
            ["rowsServed"] = s.RowsServed,
            ["faultsInjected"] = s.FaultsInjected,
            ["requestsWithoutJsonAccept"] = withoutJson,
        };
    }

    private static object? Convert(JsonNode? node, ColumnDef column, SandboxClock clock)
    {
        if (node is null)
        {
            return null;
        }

        JsonElement element = node.GetValue<JsonElement>();
        string text = element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
        switch (column.Kind)
        {
            case ColumnKind.Int:
                return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l) ? l : throw new FormatException($"{column.Name} must be an integer.");
            case ColumnKind.Decimal:
                return decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal d) ? (double)d : throw new FormatException($"{column.Name} must be a number.");
            case ColumnKind.DateTime:
                // P21 keeps server-local time: a value without an offset is server-local, never this machine's zone.
                if (DateTime.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"], CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime naive))
                {
                    return SandboxClock.Store(new DateTime(naive.Ticks - (naive.Ticks % TimeSpan.TicksPerSecond)));
                }

                if (DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset dto))
                {
                    return clock.Store(dto);
                }

                return SandboxClock.TryParseDate(text, out DateTime local)
                    ? SandboxClock.Store(new DateTime(local.Ticks - (local.Ticks % TimeSpan.TicksPerSecond)))
                    : throw new FormatException($"{column.Name} must be a date or datetime.");
            default:
                return text.Length > column.Length ? throw new FormatException($"{column.Name} is longer than {column.Length} characters.") : text;
        }
    }
}
