using System.Text.Json.Serialization;

namespace P21.Connector.Events.Records;

[JsonDerivedType(typeof(Shipment), "shipment")]
public abstract partial record CanonicalRecord;

/// <summary>A shipment: a P21 pick ticket (<c>oe_pick_ticket</c>) and its shipped lines (<c>oe_pick_ticket_detail</c>).</summary>
public sealed record Shipment : CanonicalRecord
{
    /// <summary><c>oe_pick_ticket.pick_ticket_no</c>.</summary>
    public required string PickTicketNo { get; init; }

    /// <summary><c>oe_pick_ticket.order_no</c>.</summary>
    public string? OrderNo { get; init; }

    /// <summary><c>oe_pick_ticket.carrier_id</c>.</summary>
    public string? CarrierId { get; init; }

    /// <summary><c>oe_pick_ticket.tracking_no</c>.</summary>
    public string? TrackingNo { get; init; }

    /// <summary>Date part of <c>oe_pick_ticket.ship_date</c>; null while the ticket is not confirmed.</summary>
    public DateOnly? ShipDate { get; init; }

    /// <summary><c>oe_pick_ticket.invoice_no</c>.</summary>
    public string? InvoiceNo { get; init; }

    /// <summary><c>oe_pick_ticket.location_id</c>.</summary>
    public string? LocationId { get; init; }

    /// <summary><c>oe_pick_ticket.freight_out</c>.</summary>
    public decimal? Freight { get; init; }

    /// <summary>Detail lines ordered by line number.</summary>
    public IReadOnlyList<ShipmentLine> Lines { get; init; } = [];
}

/// <summary>A shipped line (<c>oe_pick_ticket_detail</c>).</summary>
public sealed record ShipmentLine
{
    /// <summary><c>oe_pick_ticket_detail.line_number</c>.</summary>
    public required int LineNumber { get; init; }

    /// <summary>The order line: <c>oe_pick_ticket_detail.oe_line_no</c>.</summary>
    public int? OrderLineNo { get; init; }

    /// <summary><c>oe_pick_ticket_detail.item_id</c>.</summary>
    public string? ItemId { get; init; }

    /// <summary><c>oe_pick_ticket_detail.ship_quantity</c>.</summary>
    public decimal ShipQuantity { get; init; }
}
