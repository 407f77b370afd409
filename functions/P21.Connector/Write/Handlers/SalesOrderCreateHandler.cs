using Microsoft.Extensions.Options;

using P21.Connector.Client.Models;
using P21.Connector.Commands;

namespace P21.Connector.Write.Handlers;

/// <summary>
/// Creates a sales order through the Order service. The platform's order id goes into <c>web_reference_no</c> (the
/// lookup key that makes a redelivery find the order instead of creating a second one) and, unless the buyer gave a
/// PO number, into <c>po_no</c>.
/// </summary>
internal sealed class SalesOrderCreateHandler(
    CustomerMatcher customers,
    ShipToMatcher shipTos,
    ItemMatcher items,
    IOptionsMonitor<WriterOptions> options) : WriteHandler<SalesOrderCreate>
{
    /// <inheritdoc/>
    protected override async Task<string> HandleAsync(SalesOrderCreate payload, WriteContext context, CancellationToken cancellationToken)
    {
        if (payload.Lines.Count == 0)
        {
            throw new WriteRejectedException($"order {payload.ExternalOrderId} has no lines");
        }

        IReadOnlyList<string> itemIds = await items.MatchAsync(
            context.Client, context.Connection, context.Command.Source, [.. payload.Lines.Select(l => l.Sku)], cancellationToken).ConfigureAwait(false);
        List<ExpectedLine> expected = [.. payload.Lines.Select((l, i) => new ExpectedLine(UserLineNumbers.For(i + 1), itemIds[i], l.Quantity))];

        string? existing = await SalesOrders.FindByWebReferenceAsync(context.Client, payload.ExternalOrderId, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            await SalesOrders.VerifyLinesAsync(context.Client, existing, expected, cancellationToken).ConfigureAwait(false);
            return existing;
        }

        WriterOptions writer = options.CurrentValue;
        DateOnly orderDate = context.ServerDate(payload.OrderDate);
        DateOnly? requested = RequestedShipDate.Resolve(
            payload.RequestedShipDate is { } r ? context.ServerDate(r) : null, orderDate, writer);
        string customerId = await customers.MatchOrCreateAsync(context, payload.Customer, payload.BillTo, payload.ShipTo, cancellationToken).ConfigureAwait(false);
        string shipToId = await shipTos.MatchAsync(context, customerId, payload.ShipTo, cancellationToken).ConfigureAwait(false);

        TransactionRequest request = Build(payload, expected, customerId, shipToId, orderDate, requested, writer);
        TransactionResult result = await context.Client.SubmitTransactionAsync(request, cancellationToken).ConfigureAwait(false);
        TransactionVerdict.RequirePassed(result, SalesOrders.Service);

        // P21 may pass the transaction without echoing order_no; the reference lookup is the fallback.
        string orderNo = result.FindValue("order_no")
            ?? await SalesOrders.FindByWebReferenceAsync(context.Client, payload.ExternalOrderId, cancellationToken).ConfigureAwait(false)
            ?? throw new WriteRejectedException($"P21 passed the Order transaction for {payload.ExternalOrderId} but no order carries that reference (silent no-op)");
        await SalesOrders.VerifyLinesAsync(context.Client, orderNo, expected, cancellationToken).ConfigureAwait(false);
        return orderNo;
    }

    /// <summary>The Order transaction: header edits in window order, then lines keyed by our own handles.</summary>
    internal static TransactionRequest Build(
        SalesOrderCreate payload,
        IReadOnlyList<ExpectedLine> lines,
        string customerId,
        string shipToId,
        DateOnly orderDate,
        DateOnly? requestedDate,
        WriterOptions writer)
    {
        (string, string?)[] header =
        [
            ("customer_id", customerId),
            ("ship_to_id", shipToId),
            ("sales_loc_id", writer.DefaultSalesLocationId),
            ("source_loc_id", writer.DefaultSourceLocationId ?? writer.DefaultSalesLocationId),
            ("order_date", P21Formats.Date(orderDate)),
            ("requested_date", requestedDate is { } d ? P21Formats.Date(d) : null),
            ("taker", writer.Taker),
            ("po_no", P21Formats.Truncate(payload.PurchaseOrderNumber ?? payload.ExternalOrderId, 50)),
            ("web_reference_no", payload.ExternalOrderId),
        ];

        DataElementRow[] rows =
        [
            .. lines.Select((line, i) => new DataElementRow(FieldEdits.Of(
                ("user_line_no", line.UserLineNo),
                ("oe_order_item_id", line.ItemId),
                ("unit_quantity", P21Formats.Number(line.Quantity)),
                ("unit_price", P21Formats.Number(payload.Lines[i].UnitPrice)),
                ("manual_price_override", "ON")))),
        ];

        return TransactionRequest.Single(
            SalesOrders.Service,
            DataElement.Form(SalesOrders.HeaderElement, FieldEdits.Of(header)),
            DataElement.List(SalesOrders.LinesElement, ["user_line_no"], rows));
    }
}
