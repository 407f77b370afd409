using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Events.Records;

namespace P21.Connector.Poll.Entities;

/// <summary><c>sales-orders</c>: <c>oe_hdr</c> with live <c>oe_line</c> rows and a derived status (<see cref="SalesOrderStatusRule"/>).</summary>
public sealed class SalesOrdersEntity : DocumentEntity
{
    /// <inheritdoc />
    public override string Name => "sales-orders";

    /// <inheritdoc />
    public override string EventName => "salesorder";

    /// <inheritdoc />
    public override bool ParentKeyNumeric => false;

    /// <inheritdoc />
    public override PollSource Primary { get; } = new("oe_hdr", ["order_no"],
    [
        "order_no", "customer_id", "company_id", "po_no", "web_reference_no", "taker", "order_date", "requested_date", "location_id",
        "carrier_id", "ship2_name", "ship2_add1", "ship2_add2", "ship2_city", "ship2_state", "ship2_zip", "ship2_country",
        "ship2_email_address", "approved", "completed", "cancel_flag", "delete_flag", "date_last_modified",
    ]);

    /// <inheritdoc />
    protected override string LineTable => "oe_line";

    /// <inheritdoc />
    public override ChangeProbe ChangeProbe { get; } = new("p21_view_es_sales_order", ["oe_hdr", "oe_hdr_ud", "oe_line"]);

    /// <inheritdoc />
    protected override IReadOnlyList<string> LineKeyColumns { get; } = ["line_no"];

    /// <inheritdoc />
    protected override IReadOnlyList<string> LineSelect { get; } =
    [
        "order_no", "line_no", "item_id", "inv_mast_uid", "qty_ordered", "qty_allocated", "qty_on_pick_tickets", "qty_invoiced",
        "qty_canceled", "unit_price", "extended_price", "unit_of_measure", "complete", "cancel_flag", "delete_flag", "date_last_modified",
    ];

    /// <inheritdoc />
    protected override string? LiveLineFilter => "delete_flag eq 'N'";

    /// <inheritdoc />
    protected override EntityRecord? Map(P21Row header, IReadOnlyList<P21Row> lines)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(lines);
        var orderNo = header.Id("order_no");
        if (orderNo is null)
        {
            return null;
        }

        var mappedLines = lines.Select(l => new SalesOrderLine
        {
            LineNo = LineNumber(l, "line_no"),
            ItemId = l.Text("item_id"),
            InvMastUid = l.Whole("inv_mast_uid"),
            QtyOrdered = l.Quantity("qty_ordered"),
            QtyAllocated = l.Quantity("qty_allocated"),
            QtyOnPickTickets = l.Quantity("qty_on_pick_tickets"),
            QtyInvoiced = l.Quantity("qty_invoiced"),
            QtyCanceled = l.Quantity("qty_canceled"),
            UnitPrice = l.Number("unit_price"),
            ExtendedPrice = l.Number("extended_price"),
            UnitOfMeasure = l.Text("unit_of_measure"),
            Complete = l.Flag("complete") == true,
            Cancelled = l.Flag("cancel_flag") == true,
        }).OrderBy(l => l.LineNo).ToList();

        var order = new SalesOrder
        {
            OrderNo = orderNo,
            CustomerId = header.Id("customer_id"),
            CompanyId = header.Id("company_id"),
            CustomerPoNo = header.Text("po_no"),
            WebReferenceNo = header.Text("web_reference_no"),
            Taker = header.Text("taker"),
            OrderDate = header.Date("order_date"),
            RequestedDate = header.Date("requested_date"),
            LocationId = header.Id("location_id"),
            CarrierId = header.Id("carrier_id"),
            ShipTo = new OrderShipTo
            {
                Name = header.Text("ship2_name"),
                Line1 = header.Text("ship2_add1"),
                Line2 = header.Text("ship2_add2"),
                City = header.Text("ship2_city"),
                State = header.Text("ship2_state"),
                PostalCode = header.Text("ship2_zip"),
                Country = header.Text("ship2_country"),
                Email = header.Text("ship2_email_address"),
            },
            Status = SalesOrderStatusRule.Derive(
                header.Flag("cancel_flag") == true, header.Flag("completed") == true, header.Flag("approved") == true, mappedLines),
            Lines = mappedLines,
        };
        return Record(orderNo, order, CanonicalJsonContext.Default.SalesOrder, header, lines);
    }
}
