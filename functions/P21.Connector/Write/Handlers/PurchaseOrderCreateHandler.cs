using Microsoft.Extensions.Options;

using P21.Connector.Client.Models;
using P21.Connector.Commands;

namespace P21.Connector.Write.Handlers;

/// <summary>
/// Creates a purchase order through the PurchaseOrder service. The external PO id goes into the configured reference
/// column of <c>po_hdr</c> (<see cref="WriterOptions.PurchaseOrderReferenceColumn"/>), which the lookup before the
/// create reads, so a redelivery finds the PO instead of creating a second one. P21 needs the supplier as well as the
/// vendor: the vendor's only live supplier is used, and a vendor with several is parked (name one in P21 first).
/// </summary>
internal sealed class PurchaseOrderCreateHandler(ItemMatcher items, IOptionsMonitor<WriterOptions> options) : WriteHandler<PurchaseOrderCreate>
{
    /// <inheritdoc/>
    protected override async Task<string> HandleAsync(PurchaseOrderCreate payload, WriteContext context, CancellationToken cancellationToken)
    {
        if (payload.Lines.Count == 0)
        {
            throw new WriteRejectedException($"purchase order {payload.ExternalPurchaseOrderId} has no lines");
        }

        if (payload.Lines.FirstOrDefault(l => l.Quantity <= 0) is { } bad)
        {
            throw new WriteRejectedException($"purchase order {payload.ExternalPurchaseOrderId} has quantity {bad.Quantity} for SKU {bad.Sku}; P21 needs a positive quantity");
        }

        if (!decimal.TryParse(payload.VendorId, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            throw new WriteRejectedException($"vendor id '{payload.VendorId}' is not a P21 vendor number");
        }

        WriterOptions writer = options.CurrentValue;
        IReadOnlyList<string> itemIds = await items.MatchAsync(
            context, [.. payload.Lines.Select(l => l.Sku)], cancellationToken).ConfigureAwait(false);
        List<PurchaseLine> expected = [.. payload.Lines.Select((l, i) => new PurchaseLine(i + 1, itemIds[i], l.Quantity))];

        string? existing = await PurchaseOrders.FindByReferenceAsync(context.Client, writer.PurchaseOrderReferenceColumn, payload.ExternalPurchaseOrderId, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            await PurchaseOrders.VerifyLinesAsync(context.Client, existing, expected, cancellationToken).ConfigureAwait(false);
            return existing;
        }

        string supplierId = await SupplierOfAsync(context, payload.VendorId, cancellationToken).ConfigureAwait(false);
        string location = string.IsNullOrWhiteSpace(payload.LocationId)
            ? writer.DefaultPurchaseLocationId ?? writer.DefaultSalesLocationId
            : payload.LocationId;
        TransactionRequest request = TransactionRequest.Single(
            PurchaseOrders.Service,
            DataElement.Form(PurchaseOrders.HeaderElement, FieldEdits.Of(
                ("location_id", location),
                ("vendor_id", payload.VendorId),
                ("vendor_supplier_id", supplierId),
                ("expected_date", payload.ExpectedDate is { } d ? P21Formats.Date(context.ServerDate(d)) : null),
                (writer.PurchaseOrderReferenceColumn, payload.ExternalPurchaseOrderId))),
            PurchaseOrders.Lines(expected));
        TransactionResult result = await context.Client.SubmitTransactionAsync(request, cancellationToken).ConfigureAwait(false);
        TransactionVerdict.RequirePassed(result, PurchaseOrders.Service);

        string poNo = result.FindValue("po_no")
            ?? await PurchaseOrders.FindByReferenceAsync(context.Client, writer.PurchaseOrderReferenceColumn, payload.ExternalPurchaseOrderId, cancellationToken).ConfigureAwait(false)
            ?? throw new WriteRejectedException($"P21 passed the PurchaseOrder transaction for {payload.ExternalPurchaseOrderId} but no PO carries that reference (silent no-op)");
        await PurchaseOrders.VerifyLinesAsync(context.Client, poNo, expected, cancellationToken).ConfigureAwait(false);
        return poNo;
    }

    private static async Task<string> SupplierOfAsync(WriteContext context, string vendorId, CancellationToken cancellationToken)
    {
        IReadOnlyList<P21Row> rows = await context.Client.ListAsync(
            new ODataQuery("vendor_supplier", Filter: P21Reads.NotDeleted($"vendor_id eq {vendorId.Trim()}"), Select: ["supplier_id"], OrderBy: ["supplier_id"], PageSize: 3),
            cancellationToken).ConfigureAwait(false);
        return rows.Count switch
        {
            0 => throw new WriteRejectedException($"vendor {vendorId} has no live supplier in P21 (vendor_supplier); add one, then replay"),
            1 => P21Formats.Number(rows[0].GetDecimal("supplier_id")),
            _ => throw new WriteRejectedException($"vendor {vendorId} has {rows.Count}+ suppliers in P21; the command cannot say which, so create this PO in P21"),
        };
    }
}
