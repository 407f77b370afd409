using System.Globalization;
using System.Text.Json;

using P21.Sandbox.Data;
using P21.Sandbox.Json;

namespace P21.Sandbox.Rest;

/// <summary>
/// The /api/inventory/parts REST family (p21-api.md, S1 <c>11-Inventory-REST-API.md</c>) with the quirks a client has
/// to survive: <c>GET /{ItemId}</c> (with <c>extendedproperties=Locations</c> the stock per location); an item id holding
/// a <c>/</c> cannot be addressed (404, however it is encoded); the bare list call without <c>$query</c> never answers
/// (it waits until the caller gives up); <c>PUT /{ItemId}</c> (GET, modify, PUT) silently drops a description longer
/// than its column (40 for <c>ItemDesc</c>, 255 for <c>ExtendedDesc</c>) and answers 200 with the part as stored.
/// </summary>
internal static class InventoryPartEndpoints
{
    private const int ItemDescLength = 40;
    private const int ExtendedDescLength = 255;

    public static void Map(WebApplication app)
    {
        app.MapGet("/api/inventory/parts/{itemId}", GetAsync);
        app.MapPut("/api/inventory/parts/{itemId}", PutAsync);
        // Routing matches the path with or without its trailing slash.
        app.MapGet("/api/inventory/parts", (Func<HttpContext, Task<IResult>>)ListAsync);
    }

    private static async Task<IResult> GetAsync(HttpContext context, string itemId, SandboxDatabase db, SandboxClock clock)
    {
        if (Unaddressable(itemId) is { } notFound)
        {
            return notFound(context.Request);
        }

        string? extended = context.Request.Query["extendedproperties"];
        bool withLocations = extended is not null && (extended == "*" || extended.Contains("Locations", StringComparison.OrdinalIgnoreCase));
        await using WriteSession session = await db.BeginWriteAsync(context.RequestAborted);
        Part? part = await ReadAsync(session, itemId, withLocations, clock, context.RequestAborted);
        return part is null ? NotFound(context.Request, itemId) : Answer(context.Request, part);
    }

    private static async Task<IResult> PutAsync(HttpContext context, string itemId, SandboxDatabase db, SandboxClock clock)
    {
        if (Unaddressable(itemId) is { } notFound)
        {
            return notFound(context.Request);
        }

        Part? sent;
        try
        {
            sent = await JsonSerializer.DeserializeAsync(context.Request.Body, RestJsonContext.Default.Part, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            return Error(context.Request, P21Error.Create($"The request body is not a valid part: {ex.Message}", "System.ArgumentException"), StatusCodes.Status400BadRequest);
        }

        if (sent is null)
        {
            return Error(context.Request, P21Error.Create("A part body is required.", "System.ArgumentException"), StatusCodes.Status400BadRequest);
        }

        await using WriteSession session = await db.BeginWriteAsync(context.RequestAborted);
        if (await ReadAsync(session, itemId, false, clock, context.RequestAborted) is null)
        {
            return NotFound(context.Request, itemId);
        }

        // Too long a description is not refused: P21 answers 200 and keeps the old one, so a client must read back.
        string? desc = sent.ItemDesc is { Length: <= ItemDescLength } d ? d : null;
        string? extendedDesc = sent.ExtendedDesc is { Length: <= ExtendedDescLength } e ? e : null;
        await session.RunAsync(
            "UPDATE inv_mast SET item_desc = COALESCE($d, item_desc), extended_desc = COALESCE($e, extended_desc), date_last_modified = sandbox_now() WHERE item_id = $i",
            context.RequestAborted, ("$d", desc), ("$e", extendedDesc), ("$i", itemId));
        Part stored = (await ReadAsync(session, itemId, false, clock, context.RequestAborted))!;
        await session.CommitAsync(context.RequestAborted);
        return Answer(context.Request, stored);
    }

    private static async Task<IResult> ListAsync(HttpContext context)
    {
        if (!context.Request.Query.ContainsKey("$query"))
        {
            // P21's list call without a query does not answer on a real item master; here it never does.
            await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
        }

        return Error(context.Request, P21Error.Create("The sandbox does not model $query on /api/inventory/parts; read the items through OData (table inv_mast).", "System.NotSupportedException"),
            StatusCodes.Status501NotImplemented);
    }

    // Kestrel keeps an encoded slash as %2F in the route value; a raw one never reaches this route. P21 finds neither.
    internal static Func<HttpRequest, IResult>? Unaddressable(string itemId) =>
        itemId.Contains("%2F", StringComparison.OrdinalIgnoreCase) || itemId.Contains('/', StringComparison.Ordinal)
            ? request => NotFound(request, Uri.UnescapeDataString(itemId))
            : null;

    private static async Task<Part?> ReadAsync(WriteSession session, string itemId, bool withLocations, SandboxClock clock, CancellationToken cancellationToken)
    {
        Dictionary<string, object?>? row = await session.RowAsync("SELECT * FROM inv_mast WHERE item_id = $i AND delete_flag = 'N'", cancellationToken, ("$i", itemId));
        if (row is null)
        {
            return null;
        }

        PartLocationList? locations = null;
        if (withLocations)
        {
            List<Dictionary<string, object?>> rows = await session.RowsAsync(
                "SELECT * FROM inv_loc WHERE inv_mast_uid = $u AND delete_flag = 'N' ORDER BY location_id", cancellationToken, ("$u", row["inv_mast_uid"]));
            locations = new PartLocationList([.. rows.Select(static r => new PartLocation(
                Dec(r["location_id"]), Dec(r["qty_on_hand"]), Dec(r["qty_allocated"]), Dec(r["qty_backordered"]), Str(r["sellable"]), Str(r["stockable"])))]);
        }

        string? modified = Str(row.GetValueOrDefault("date_last_modified"));
        return new Part(Str(row["item_id"]), Str(row["item_desc"]), Str(row["extended_desc"]), Str(row["default_selling_unit"]), Str(row["base_unit"]), Str(row["inactive"]),
            modified is null ? null : clock.Render(modified), locations);
    }

    // DataContract names collection entries by their type.
    private static string ItemName(string collection) => collection == "list" ? "PartLocation" : "Part";

    private static IResult Answer(HttpRequest request, Part part) =>
        RestResponses.Answer(request, part, RestJsonContext.Default.Part, "Part", ItemName);

    internal static IResult NotFound(HttpRequest request, string itemId) =>
        Error(request, P21Error.Create($"Item {itemId} was not found.", "P21.Common.Exceptions.NotFoundException"), StatusCodes.Status404NotFound);

    internal static IResult Error(HttpRequest request, P21Error error, int status) =>
        RestResponses.Answer(request, error, SandboxJsonContext.Default.P21Error, "ErrorResponse", static n => n, status);

    private static string? Str(object? value) => value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);

    private static decimal? Dec(object? value) => value is null ? null : Convert.ToDecimal(value, CultureInfo.InvariantCulture);
}
