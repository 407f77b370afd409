using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Events.Records;

namespace P21.Connector.Poll.Entities;

/// <summary><c>purchase-orders</c>: <c>po_hdr</c> with live <c>po_line</c> rows; open quantity derived per line.</summary>
public sealed class PurchaseOrdersEntity : DocumentEntity
{
    /// <inheritdoc />
    public override string Name => "purchase-orders";

    /// <inheritdoc />
    public override string EventName => "purchaseorder";

    /// <inheritdoc />
    public override PollSource Primary { get; } = new("po_hdr", ["po_no"],
    [
        "po_no", "vendor_id", "supplier_id", "company_no", "location_id", "po_type", "order_date", "expected_date", "date_due",
        "approved", "complete", "cancel_flag", "tracking_no", "delete_flag", "date_last_modified",
    ]);

    /// <inheritdoc />
    protected override string LineTable => "po_line";

    /// <inheritdoc />
    protected override IReadOnlyList<string> LineKeyColumns { get; } = ["line_no"];

    /// <inheritdoc />
    protected override IReadOnlyList<string> LineSelect { get; } =
    [
        "po_no", "line_no", "item_id", "inv_mast_uid", "qty_ordered", "qty_received", "unit_price", "date_due", "supplier_ship_date",
        "complete", "cancel_flag", "delete_flag", "date_last_modified",
    ];

    /// <inheritdoc />
    protected override string? LiveLineFilter => "delete_flag eq 'N'";

    /// <inheritdoc />
    protected override EntityRecord? Map(P21Row header, IReadOnlyList<P21Row> lines)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(lines);
        var poNo = header.Id("po_no");
        if (poNo is null)
        {
            return null;
        }

        var closed = header.Flag("complete") == true || header.Flag("cancel_flag") == true;
        var po = new PurchaseOrder
        {
            PoNo = poNo,
            VendorId = header.Id("vendor_id"),
            SupplierId = header.Id("supplier_id"),
            CompanyNo = header.Id("company_no"),
            LocationId = header.Id("location_id"),
            PoType = header.Text("po_type"),
            OrderDate = header.Date("order_date"),
            ExpectedDate = header.Date("expected_date"),
            DueDate = header.Date("date_due"),
            Approved = header.Flag("approved") == true,
            Complete = header.Flag("complete") == true,
            Cancelled = header.Flag("cancel_flag") == true,
            TrackingNo = header.Text("tracking_no"),
            Lines = [.. lines.Select(l =>
            {
                var ordered = l.Quantity("qty_ordered");
                var received = l.Quantity("qty_received");
                var lineClosed = closed || l.Flag("complete") == true || l.Flag("cancel_flag") == true;
                return new PurchaseOrderLine
                {
                    LineNo = LineNumber(l, "line_no"),
                    ItemId = l.Text("item_id"),
                    InvMastUid = l.Whole("inv_mast_uid"),
                    QtyOrdered = ordered,
                    QtyReceived = received,
                    QtyOpen = lineClosed ? 0m : Math.Max(0m, ordered - received),
                    UnitPrice = l.Number("unit_price"),
                    DueDate = l.Date("date_due"),
                    SupplierShipDate = l.Date("supplier_ship_date"),
                    Complete = l.Flag("complete") == true,
                };
            }).OrderBy(l => l.LineNo)],
        };
        return Record(poNo, po, CanonicalJsonContext.Default.PurchaseOrder, header, lines);
    }
}
