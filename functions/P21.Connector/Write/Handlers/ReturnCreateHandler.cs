using Microsoft.Extensions.Options;

using P21.Connector.Client.Models;
using P21.Connector.Commands;

namespace P21.Connector.Write.Handlers;

/// <summary>
/// Creates a return through P21's <c>RMA</c> transaction service (Order Entry for returns: header
/// <c>TABPAGE_1.order</c>, lines <c>TP_ITEMS.items</c>, positive return quantities; P21 marks the order as an RMA and
/// puts the stock back when the return is received), for the original order's customer and ship-to. The Order
/// service refuses quantities of zero or less, so a credit order there is not possible. The return is keyed
/// <c>web_reference_no = RMA-{ExternalReturnId}</c> (lookup before create) and carries the original order's platform
/// id in <c>po_no</c>.
/// </summary>
internal sealed class ReturnCreateHandler(ItemMatcher items, IOptionsMonitor<WriterOptions> options, TimeProvider time) : WriteHandler<ReturnCreate>
{
    /// <summary>The prefix that keeps return references apart from order references in <c>web_reference_no</c>.</summary>
    public const string ReferencePrefix = "RMA-";

    /// <summary>P21's Transaction API service for returns.</summary>
    public const string Service = "RMA";

    /// <inheritdoc/>
    protected override async Task<string> HandleAsync(ReturnCreate payload, WriteContext context, CancellationToken cancellationToken)
    {
        if (payload.Lines.Count == 0)
        {
            throw new WriteRejectedException($"return {payload.ExternalReturnId} has no lines");
        }

        // Decided before any P21 read, so a return that cannot be booked is refused at once.
        WriterOptions writer = options.CurrentValue;
        string? salesLocationId = Location(payload, writer);
        if (payload.Lines.FirstOrDefault(l => l.Quantity <= 0) is { } bad)
        {
            throw new WriteRejectedException($"return {payload.ExternalReturnId} has a non-positive quantity {bad.Quantity} for SKU {bad.Sku}; send returned quantities as positive numbers");
        }

        string reference = ReferencePrefix + payload.ExternalReturnId;
        IReadOnlyList<string> itemIds = await items.MatchAsync(
            context, [.. payload.Lines.Select(l => l.Sku)], cancellationToken).ConfigureAwait(false);
        List<ExpectedLine> expected = [.. payload.Lines.Select((l, i) => new ExpectedLine(UserLineNumbers.For(i + 1), itemIds[i], l.Quantity))];

        string? existing = await SalesOrders.FindByWebReferenceAsync(context.Client, reference, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            await SalesOrders.VerifyLinesAsync(context.Client, existing, expected, cancellationToken).ConfigureAwait(false);
            return existing;
        }

        string originalNo = await SalesOrders.FindByWebReferenceAsync(context.Client, payload.ExternalOrderId, cancellationToken).ConfigureAwait(false)
            ?? throw new WriteRejectedException($"the returned order {payload.ExternalOrderId} is not in P21; create it first, then replay");
        P21Row original = await context.Client.FirstOrDefaultAsync(
            new ODataQuery("oe_hdr", Filter: P21Reads.Eq("order_no", originalNo), Select: ["customer_id", "ship_to_id"], OrderBy: ["order_no"]),
            cancellationToken).ConfigureAwait(false)
            ?? throw new WriteRejectedException($"P21 order {originalNo} vanished while creating its return");

        TransactionRequest request = Build(
            reference,
            payload,
            expected,
            original.GetString("customer_id")!,
            original.GetString("ship_to_id")!,
            context.ServerDate(time.GetUtcNow()),
            salesLocationId,
            writer);
        TransactionResult result = await context.Client.SubmitTransactionAsync(request, cancellationToken).ConfigureAwait(false);
        TransactionVerdict.RequirePassed(result, Service);
        string orderNo = result.FindValue("order_no")
            ?? await SalesOrders.FindByWebReferenceAsync(context.Client, reference, cancellationToken).ConfigureAwait(false)
            ?? throw new WriteRejectedException($"P21 passed the return for {payload.ExternalReturnId} but no order carries reference {reference} (silent no-op)");
        await SalesOrders.VerifyLinesAsync(context.Client, orderNo, expected, cancellationToken).ConfigureAwait(false);
        return orderNo;
    }

    // P21's RMA window books returned stock at the header's sales location (it has no source location).
    private static string? Location(ReturnCreate payload, WriterOptions writer) => payload.FulfilledByMarketplace
        ? writer.MarketplaceLocationId
            ?? throw new WriteRejectedException($"return {payload.ExternalReturnId} came back to the marketplace's warehouse but Writer:MarketplaceLocationId is not set; set it to the P21 FBA location, then replay")
        : writer.DefaultSalesLocationId;

    internal static TransactionRequest Build(
        string reference, ReturnCreate payload, IReadOnlyList<ExpectedLine> lines, string customerId, string shipToId, DateOnly orderDate, string? salesLocationId, WriterOptions writer)
    {
        DataElementRow[] rows =
        [
            .. lines.Select((line, i) => new DataElementRow(FieldEdits.Of(
                ("user_line_no", line.UserLineNo),
                ("oe_order_item_id", line.ItemId),
                ("unit_quantity", P21Formats.Number(line.Quantity)),
                ("unit_price", payload.Lines[i].UnitPrice is { } price ? P21Formats.Number(price) : null)))),
        ];
        return TransactionRequest.Single(
            Service,
            DataElement.Form(SalesOrders.HeaderElement, FieldEdits.Of(
                ("customer_id", customerId),
                ("ship_to_id", shipToId),
                ("sales_loc_id", salesLocationId),
                ("order_date", P21Formats.Date(orderDate)),
                ("taker", writer.Taker),
                ("po_no", P21Formats.Truncate(payload.ExternalOrderId, 50)),
                ("web_reference_no", reference))),
            DataElement.List(SalesOrders.LinesElement, ["user_line_no"], rows));
    }
}
