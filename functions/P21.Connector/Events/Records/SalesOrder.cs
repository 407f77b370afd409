using System.Text.Json.Serialization;

namespace P21.Connector.Events.Records;

[JsonDerivedType(typeof(SalesOrder), "sales-order")]
public abstract partial record CanonicalRecord;

/// <summary>A sales order (<c>oe_hdr</c>) with its lines (<c>oe_line</c>) and a derived status. See docs/entities.md.</summary>
public sealed record SalesOrder : CanonicalRecord
{
    /// <summary><c>oe_hdr.order_no</c>.</summary>
    public required string OrderNo { get; init; }

    /// <summary><c>oe_hdr.customer_id</c>.</summary>
    public string? CustomerId { get; init; }

    /// <summary><c>oe_hdr.company_id</c>.</summary>
    public string? CompanyId { get; init; }

    /// <summary><c>oe_hdr.po_no</c> (the customer's PO number).</summary>
    public string? CustomerPoNo { get; init; }

    /// <summary><c>oe_hdr.web_reference_no</c> (the e-commerce order reference).</summary>
    public string? WebReferenceNo { get; init; }

    /// <summary><c>oe_hdr.taker</c>.</summary>
    public string? Taker { get; init; }

    /// <summary>Date part of <c>oe_hdr.order_date</c>.</summary>
    public DateOnly? OrderDate { get; init; }

    /// <summary>Date part of <c>oe_hdr.requested_date</c>.</summary>
    public DateOnly? RequestedDate { get; init; }

    /// <summary><c>oe_hdr.location_id</c>.</summary>
    public string? LocationId { get; init; }

    /// <summary><c>oe_hdr.carrier_id</c>.</summary>
    public string? CarrierId { get; init; }

    /// <summary>Ship-to from <c>oe_hdr.ship2_*</c>.</summary>
    public OrderShipTo? ShipTo { get; init; }

    /// <summary>Derived from header flags and line quantities; rule in <see cref="SalesOrderStatusRule"/>.</summary>
    public SalesOrderStatus Status { get; init; }

    /// <summary>Live lines ordered by line number.</summary>
    public IReadOnlyList<SalesOrderLine> Lines { get; init; } = [];
}

/// <summary>The ship-to columns carried on the order header.</summary>
public sealed record OrderShipTo
{
    /// <summary><c>oe_hdr.ship2_name</c>.</summary>
    public string? Name { get; init; }

    /// <summary><c>oe_hdr.ship2_add1</c>.</summary>
    public string? Line1 { get; init; }

    /// <summary><c>oe_hdr.ship2_add2</c>.</summary>
    public string? Line2 { get; init; }

    /// <summary><c>oe_hdr.ship2_city</c>.</summary>
    public string? City { get; init; }

    /// <summary><c>oe_hdr.ship2_state</c>.</summary>
    public string? State { get; init; }

    /// <summary><c>oe_hdr.ship2_zip</c>.</summary>
    public string? PostalCode { get; init; }

    /// <summary><c>oe_hdr.ship2_country</c>.</summary>
    public string? Country { get; init; }

    /// <summary><c>oe_hdr.ship2_email_address</c>.</summary>
    public string? Email { get; init; }
}

/// <summary>A sales order line (<c>oe_line</c>).</summary>
public sealed record SalesOrderLine
{
    /// <summary><c>oe_line.line_no</c>.</summary>
    public required int LineNo { get; init; }

    /// <summary><c>oe_line.item_id</c>.</summary>
    public string? ItemId { get; init; }

    /// <summary><c>oe_line.inv_mast_uid</c>.</summary>
    public long? InvMastUid { get; init; }

    /// <summary><c>oe_line.qty_ordered</c>.</summary>
    public decimal QtyOrdered { get; init; }

    /// <summary><c>oe_line.qty_allocated</c>.</summary>
    public decimal QtyAllocated { get; init; }

    /// <summary><c>oe_line.qty_on_pick_tickets</c>.</summary>
    public decimal QtyOnPickTickets { get; init; }

    /// <summary><c>oe_line.qty_invoiced</c> (P21 invoices at shipment confirmation, so this is also the shipped quantity).</summary>
    public decimal QtyInvoiced { get; init; }

    /// <summary><c>oe_line.qty_canceled</c>.</summary>
    public decimal QtyCanceled { get; init; }

    /// <summary><c>oe_line.unit_price</c>.</summary>
    public decimal? UnitPrice { get; init; }

    /// <summary><c>oe_line.extended_price</c>.</summary>
    public decimal? ExtendedPrice { get; init; }

    /// <summary><c>oe_line.unit_of_measure</c>.</summary>
    public string? UnitOfMeasure { get; init; }

    /// <summary><c>oe_line.complete</c> = 'Y'.</summary>
    public bool Complete { get; init; }

    /// <summary><c>oe_line.cancel_flag</c> = 'Y'.</summary>
    public bool Cancelled { get; init; }
}

/// <summary>Where a sales order stands, derived by <see cref="SalesOrderStatusRule"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SalesOrderStatus>))]
public enum SalesOrderStatus
{
    /// <summary>Entered, not approved.</summary>
    [JsonStringEnumMemberName("open")] Open,

    /// <summary>Approved, nothing shipped.</summary>
    [JsonStringEnumMemberName("approved")] Approved,

    /// <summary>Some, not all, of the open quantity shipped.</summary>
    [JsonStringEnumMemberName("partially_shipped")] PartiallyShipped,

    /// <summary>All of the open quantity shipped; the order is not closed yet.</summary>
    [JsonStringEnumMemberName("shipped")] Shipped,

    /// <summary>P21 closed the order (<c>completed</c> = 'Y') after invoicing.</summary>
    [JsonStringEnumMemberName("invoiced")] Invoiced,

    /// <summary>Cancelled on the header, or every line cancelled.</summary>
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}
