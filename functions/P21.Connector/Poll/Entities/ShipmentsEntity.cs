using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Events.Records;

namespace P21.Connector.Poll.Entities;

/// <summary><c>shipments</c>: <c>oe_pick_ticket</c> with its <c>oe_pick_ticket_detail</c> lines (carrier, tracking, ship date).</summary>
public sealed class ShipmentsEntity : DocumentEntity
{
    /// <inheritdoc />
    public override string Name => "shipments";

    /// <inheritdoc />
    public override string EventName => "shipment";

    /// <inheritdoc />
    public override PollSource Primary { get; } = new("oe_pick_ticket", ["pick_ticket_no"],
    [
        "pick_ticket_no", "order_no", "carrier_id", "tracking_no", "ship_date", "invoice_no", "location_id", "freight_out",
        "delete_flag", "date_last_modified",
    ]);

    /// <inheritdoc />
    protected override string LineTable => "oe_pick_ticket_detail";

    /// <inheritdoc />
    protected override IReadOnlyList<string> LineKeyColumns { get; } = ["line_number"];

    /// <inheritdoc />
    protected override IReadOnlyList<string> LineSelect { get; } =
    [
        "pick_ticket_no", "line_number", "oe_line_no", "item_id", "ship_quantity", "delete_flag", "date_last_modified",
    ];

    /// <inheritdoc />
    protected override string? LiveLineFilter => "delete_flag eq 'N'";

    /// <inheritdoc />
    protected override EntityRecord? Map(P21Row header, IReadOnlyList<P21Row> lines)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(lines);
        var ticket = header.Id("pick_ticket_no");
        if (ticket is null)
        {
            return null;
        }

        var shipment = new Shipment
        {
            PickTicketNo = ticket,
            OrderNo = header.Id("order_no"),
            CarrierId = header.Id("carrier_id"),
            TrackingNo = header.Text("tracking_no"),
            ShipDate = header.Date("ship_date"),
            InvoiceNo = header.Id("invoice_no"),
            LocationId = header.Id("location_id"),
            Freight = header.Number("freight_out"),
            Lines = [.. lines.Select(l => new ShipmentLine
            {
                LineNumber = LineNumber(l, "line_number"),
                OrderLineNo = (int?)l.Whole("oe_line_no"),
                ItemId = l.Text("item_id"),
                ShipQuantity = l.Quantity("ship_quantity"),
            }).OrderBy(l => l.LineNumber)],
        };
        return Record(ticket, shipment, CanonicalJsonContext.Default.Shipment, header, lines);
    }
}
