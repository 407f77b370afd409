using System.Globalization;

using Microsoft.Extensions.Options;

using P21.Connector.Client.Models;
using P21.Connector.Commands;
using P21.Connector.Storage;

namespace P21.Connector.Write.Handlers;

/// <summary>
/// Creates a sales order through the Order service from its <see cref="OrderPlan"/>. The platform's order id goes into
/// <c>web_reference_no</c> (the lookup key that makes a redelivery find the order instead of creating a second one);
/// the buyer's PO (else the storefront order name) into <c>po_no</c>.
/// </summary>
internal sealed class SalesOrderCreateHandler(
    CustomerMatcher customers,
    ShipToMatcher shipTos,
    ItemMatcher items,
    WriteMappings mappings,
    IOptionsMonitor<WriterOptions> options) : WriteHandler<SalesOrderCreate>
{
    /// <summary>The longest order link stored (Table Storage holds at most 32K characters in a string property).</summary>
    internal const int MaxLinkLength = 30_000;

    /// <inheritdoc/>
    protected override async Task<string> HandleAsync(SalesOrderCreate payload, WriteContext context, CancellationToken cancellationToken)
    {
        WriterOptions writer = options.CurrentValue;
        OrderPlan plan = OrderPlan.For(payload, writer);
        context.Notices.AddRange(plan.Notices);
        List<ExpectedLine> expected = await ExpectedLinesAsync(plan, context, cancellationToken).ConfigureAwait(false);

        string? existing = await SalesOrders.FindByWebReferenceAsync(context.Client, payload.ExternalOrderId, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            IReadOnlyList<P21Row> found = await SalesOrders.VerifyLinesAsync(context.Client, existing, expected, cancellationToken).ConfigureAwait(false);
            await LinkAsync(payload, context, existing, expected, plan, found, cancellationToken).ConfigureAwait(false);
            return existing;
        }

        DateOnly orderDate = context.ServerDate(payload.OrderDate);
        DateOnly? requested = RequestedShipDate.Resolve(
            payload.RequestedShipDate is { } r ? context.ServerDate(r) : null, orderDate, writer);
        // Checked before any customer or ship-to is created, so a parked order leaves nothing behind in P21.
        if (payload.ShipTo?.Line1 is null && !writer.WriteOrdersWithoutShipToAddress)
        {
            throw new WriteRejectedException(ShipToMatcher.NoAddressReason);
        }

        PostalAddress? billTo = payload.BillTo is { } b ? AddressFormat.ForP21(b, "bill-to", context.Notices) : null;
        PostalAddress? shipTo = payload.ShipTo is { } s ? AddressFormat.ForP21(s, "ship-to", context.Notices) : null;
        string customerId = await customers.MatchOrCreateAsync(context, payload.Customer, billTo, shipTo, cancellationToken).ConfigureAwait(false);
        ShipToChoice shipToChoice = await shipTos.MatchAsync(context, customerId, shipTo, cancellationToken).ConfigureAwait(false);

        OrderHeader header = OrderHeader.For(payload, customerId, shipToChoice, orderDate, requested, writer, context.Notices);
        TransactionRequest request = Build(header, expected, plan);
        TransactionResult result = await context.Client.SubmitTransactionAsync(request, cancellationToken).ConfigureAwait(false);
        TransactionVerdict.RequirePassed(result, SalesOrders.Service);

        // P21 may pass the transaction without echoing order_no; the reference lookup is the fallback.
        string orderNo = result.FindValue("order_no")
            ?? await SalesOrders.FindByWebReferenceAsync(context.Client, payload.ExternalOrderId, cancellationToken).ConfigureAwait(false)
            ?? throw new WriteRejectedException($"P21 passed the Order transaction for {payload.ExternalOrderId} but no order carries that reference (silent no-op)");
        IReadOnlyList<P21Row> written = await SalesOrders.VerifyLinesAsync(context.Client, orderNo, expected, cancellationToken).ConfigureAwait(false);
        await LinkAsync(payload, context, orderNo, expected, plan, written, cancellationToken).ConfigureAwait(false);

        // Only after a fresh create: a replay finds the order above and so accepts a reviewed tax difference.
        await OrderTaxCheck.CheckAsync(context, payload, orderNo, writer.TaxCheck, cancellationToken).ConfigureAwait(false);
        return orderNo;
    }

    /// <summary>
    /// Keeps which storefront order and lines the P21 order holds (<see cref="Storage.MappingKind.OrderLink"/>), so the push
    /// flow can put its shipments and cancellation back on that order. Also on a redelivery that found the order: a
    /// crash after the create must not leave the order without its link.
    /// </summary>
    internal async Task LinkAsync(SalesOrderCreate payload, WriteContext context, string orderNo, IReadOnlyList<ExpectedLine> expected, OrderPlan plan, IReadOnlyList<P21Row> rows, CancellationToken cancellationToken)
    {
        Dictionary<string, int> lineNumbers = new(StringComparer.Ordinal);
        foreach (P21Row row in rows)
        {
            if (row.TryGetString("user_line_no", out string? handle) && handle is not null && row.TryGetDecimal("line_no", out decimal lineNo))
            {
                lineNumbers[OrderReadBack.Normalize(handle)] = (int)lineNo;
            }
        }

        List<OrderLinkLine> lines = [];
        for (int i = 0; i < expected.Count; i++)
        {
            if (plan.Lines[i].PlatformLineId is { Length: > 0 } id && lineNumbers.TryGetValue(OrderReadBack.Normalize(expected[i].UserLineNo), out int lineNo))
            {
                lines.Add(new OrderLinkLine(lineNo, id, plan.Lines[i].Sku));
            }
        }

        var link = new OrderLink(payload.ExternalOrderId, lines);
        if (link.ToJson().Length > MaxLinkLength)
        {
            context.Notices.Add(string.Create(CultureInfo.InvariantCulture, $"the order's {lines.Count} lines are too many to keep their platform line ids; its shipments are not pushed to the store"));
            return;
        }

        await mappings.SaveOrderLinkAsync(context.Connection, context.Command.Source, orderNo, link, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The P21 item and our line handle of every planned line, in plan order.</summary>
    internal async Task<List<ExpectedLine>> ExpectedLinesAsync(OrderPlan plan, WriteContext context, CancellationToken cancellationToken)
    {
        List<PlannedLine> products = [.. plan.Products];
        IReadOnlyList<string> productIds = await items.MatchAsync(
            context, [.. products.Select(l => l.Sku!)], cancellationToken).ConfigureAwait(false);
        List<ExpectedLine> expected = [];
        int product = 0;
        for (int i = 0; i < plan.Lines.Count; i++)
        {
            PlannedLine line = plan.Lines[i];
            string itemId = line.Sku is null ? line.ItemId! : productIds[product++];
            expected.Add(new ExpectedLine(UserLineNumbers.For(i + 1), itemId, line.Quantity));
        }

        return expected;
    }

    /// <summary>The Order transaction: header edits in window order, then lines keyed by our own handles.</summary>
    internal static TransactionRequest Build(OrderHeader header, IReadOnlyList<ExpectedLine> lines, OrderPlan plan)
    {
        DataElementRow[] rows =
        [
            .. lines.Select((line, i) => new DataElementRow(FieldEdits.Of(
                ("user_line_no", line.UserLineNo),
                ("oe_order_item_id", line.ItemId),
                ("unit_quantity", P21Formats.Number(line.Quantity)),
                ("unit_price", P21Formats.Number(plan.Lines[i].UnitPrice)),
                ("manual_price_override", "ON")))),
        ];

        return TransactionRequest.Single(
            SalesOrders.Service,
            DataElement.Form(SalesOrders.HeaderElement, FieldEdits.Of(header.Edits)),
            DataElement.List(SalesOrders.LinesElement, ["user_line_no"], rows));
    }
}
