using System.Globalization;
using System.Text.Json;

using P21.Sandbox.Business;
using P21.Sandbox.Data;
using P21.Sandbox.Json;

namespace P21.Sandbox.Rest;

/// <summary>
/// The /api/sales/orders REST family: GET by order number, POST to create (trailing slash required), and the bare
/// collection GET, which (like P21's) dumps every header and ignores $top.
/// </summary>
internal static class SalesOrderEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/api/sales/orders/{orderNo}", GetAsync);
        app.MapPost("/api/sales/orders/", PostAsync);
        app.MapGet("/api/sales/orders/", ListAsync);
    }

    private static async Task<IResult> GetAsync(HttpContext context, string orderNo, SandboxDatabase db, SandboxClock clock)
    {
        await using WriteSession session = await db.BeginWriteAsync(context.RequestAborted);
        string? extended = context.Request.Query["extendedproperties"];
        bool withLines = extended is not null && (extended == "*" || extended.Contains("Lines", StringComparison.OrdinalIgnoreCase));
        SalesOrder? order = await ReadAsync(session, orderNo, withLines, clock, context.RequestAborted);
        return order is null
            ? Error(context.Request, P21Error.Create($"Order {orderNo} was not found.", "P21.Common.Exceptions.NotFoundException"), StatusCodes.Status404NotFound)
            : Order(context.Request, order);
    }

    private static async Task<IResult> ListAsync(HttpContext context, SandboxDatabase db, SandboxClock clock)
    {
        await using WriteSession session = await db.BeginWriteAsync(context.RequestAborted);
        List<Dictionary<string, object?>> rows = await session.RowsAsync("SELECT * FROM oe_hdr ORDER BY order_no", context.RequestAborted);
        List<SalesOrder> orders = [.. rows.Select(h => Header(h, null, clock))];
        return RestResponses.Answer(context.Request, orders, RestJsonContext.Default.ListSalesOrder, "ArrayOfSalesOrder", ItemName);
    }

    private static async Task<IResult> PostAsync(HttpContext context, SandboxDatabase db, OrderWriter writer, SandboxClock clock)
    {
        if (TrailingSlash.RedirectIfMissing(context) is { } redirect)
        {
            return redirect;
        }

        SalesOrder? order;
        try
        {
            order = await JsonSerializer.DeserializeAsync(context.Request.Body, RestJsonContext.Default.SalesOrder, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            return Error(context.Request, P21Error.Create($"The request body is not a valid sales order: {ex.Message}", "System.ArgumentException"), 400);
        }

        if (order is null)
        {
            return Error(context.Request, P21Error.Create("A sales order body is required.", "System.ArgumentException"), 400);
        }

        await using WriteSession session = await db.BeginWriteAsync(context.RequestAborted);
        try
        {
            // The REST family fills the locations from the ship-to's default branch when they are not sent.
            string? branch = order.ShipToId is null ? null
                : await session.ExecuteAsync<string?>("SELECT default_branch FROM ship_to WHERE ship_to_id = $s", context.RequestAborted, ("$s", order.ShipToId));
            var draft = new OrderDraft(null, Text(order.CustomerId), Text(order.LocationId) ?? branch, Text(order.SourceLocationId) ?? Text(order.LocationId) ?? branch,
                Text(order.ShipToId), order.ContactId, order.PoNo, order.Taker, order.OrderDate, order.RequestedDate, order.WebReferenceNo,
                [.. (order.Lines?.List ?? []).Select(static l => new OrderLineDraft(l.ItemId, Text(l.UnitQuantity), Text(l.LineNo), l.ManualPriceOveride == "Y" ? Text(l.UnitPrice) : null))]);
            string orderNo = await writer.SaveAsync(session, draft, context.RequestAborted);
            SalesOrder created = (await ReadAsync(session, orderNo, true, clock, context.RequestAborted))!;
            await session.CommitAsync(context.RequestAborted);
            return Order(context.Request, created);
        }
        catch (BusinessRuleException ex)
        {
            return RestResponses.Answer(context.Request, new BusinessError(ex.Message, "P21.Business.Common.BusinessException"), SandboxJsonContext.Default.BusinessError, "ErrorResponse",
                static n => n, StatusCodes.Status500InternalServerError);
        }
    }

    private static async Task<SalesOrder?> ReadAsync(WriteSession session, string orderNo, bool withLines, SandboxClock clock, CancellationToken cancellationToken)
    {
        Dictionary<string, object?>? h = await session.RowAsync("SELECT * FROM oe_hdr WHERE order_no = $o", cancellationToken, ("$o", orderNo));
        if (h is null)
        {
            return null;
        }

        SalesOrderLineList? lines = null;
        if (withLines)
        {
            List<Dictionary<string, object?>> rows = await session.RowsAsync("SELECT * FROM oe_line WHERE order_no = $o ORDER BY line_no", cancellationToken, ("$o", orderNo));
            lines = new SalesOrderLineList([.. rows.Select(static r => new SalesOrderLine(Dec(r["line_no"]), Str(r["item_id"]), Dec(r["qty_ordered"]), Dec(r["unit_price"]),
                Str(r["manual_price_overide"]), Dec(r["qty_invoiced"]), Dec(r["extended_price"])))]);
        }

        return Header(h, lines, clock);
    }

    private static SalesOrder Header(Dictionary<string, object?> h, SalesOrderLineList? lines, SandboxClock clock)
    {
        return new SalesOrder(Str(h["order_no"]), Dec(h["customer_id"]), Str(h["company_id"]), Dec(h["ship_to_id"]), Str(h["contact_id"]), Str(h["taker"]), Str(h["po_no"]),
            Dec(h["location_id"]), Dec(h["source_location_id"]), Date(h["order_date"]), Date(h["requested_date"]), Str(h["web_reference_no"]), Str(h["approved"]), Str(h["completed"]),
            Str(h["ship2_name"]), Date(h["date_last_modified"]), lines);

        string? Date(object? value) => value is null ? null : clock.Render(Convert.ToString(value, CultureInfo.InvariantCulture)!);
    }

    // DataContract names collection entries by their type: orders in the list, lines in Lines.list.
    private static string ItemName(string collection) => collection == "list" ? "SalesOrderLine" : "SalesOrder";

    private static IResult Order(HttpRequest request, SalesOrder order) =>
        RestResponses.Answer(request, order, RestJsonContext.Default.SalesOrder, "SalesOrder", ItemName);

    private static IResult Error(HttpRequest request, P21Error error, int status) =>
        RestResponses.Answer(request, error, SandboxJsonContext.Default.P21Error, "ErrorResponse", static n => n, status);

    private static string? Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Str(object? value) => value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);

    private static decimal? Dec(object? value) => value is null ? null : Convert.ToDecimal(value, CultureInfo.InvariantCulture);
}
