using System.Text.Json.Serialization;

namespace P21.Connector.Events.Records;

[JsonDerivedType(typeof(PurchaseOrder), "purchase-order")]
public abstract partial record CanonicalRecord;

/// <summary>A purchase order (<c>po_hdr</c>) with its lines (<c>po_line</c>). See docs/entities.md.</summary>
public sealed record PurchaseOrder : CanonicalRecord
{
    /// <summary><c>po_hdr.po_no</c>.</summary>
    public required string PoNo { get; init; }

    /// <summary><c>po_hdr.vendor_id</c>.</summary>
    public string? VendorId { get; init; }

    /// <summary><c>po_hdr.supplier_id</c>.</summary>
    public string? SupplierId { get; init; }

    /// <summary><c>po_hdr.company_no</c>.</summary>
    public string? CompanyNo { get; init; }

    /// <summary><c>po_hdr.location_id</c>.</summary>
    public string? LocationId { get; init; }

    /// <summary><c>po_hdr.po_type</c>.</summary>
    public string? PoType { get; init; }

    /// <summary>Date part of <c>po_hdr.order_date</c>.</summary>
    public DateOnly? OrderDate { get; init; }

    /// <summary>Date part of <c>po_hdr.expected_date</c>.</summary>
    public DateOnly? ExpectedDate { get; init; }

    /// <summary>Date part of <c>po_hdr.date_due</c>.</summary>
    public DateOnly? DueDate { get; init; }

    /// <summary><c>po_hdr.approved</c> = 'Y'.</summary>
    public bool Approved { get; init; }

    /// <summary><c>po_hdr.complete</c> = 'Y'.</summary>
    public bool Complete { get; init; }

    /// <summary><c>po_hdr.cancel_flag</c> = 'Y'.</summary>
    public bool Cancelled { get; init; }

    /// <summary><c>po_hdr.tracking_no</c>.</summary>
    public string? TrackingNo { get; init; }

    /// <summary>Live lines ordered by line number.</summary>
    public IReadOnlyList<PurchaseOrderLine> Lines { get; init; } = [];
}

/// <summary>A purchase order line (<c>po_line</c>).</summary>
public sealed record PurchaseOrderLine
{
    /// <summary><c>po_line.line_no</c>.</summary>
    public required int LineNo { get; init; }

    /// <summary><c>po_line.item_id</c>.</summary>
    public string? ItemId { get; init; }

    /// <summary><c>po_line.inv_mast_uid</c>.</summary>
    public long? InvMastUid { get; init; }

    /// <summary><c>po_line.qty_ordered</c>.</summary>
    public decimal QtyOrdered { get; init; }

    /// <summary><c>po_line.qty_received</c>.</summary>
    public decimal QtyReceived { get; init; }

    /// <summary>Ordered minus received, floored at zero; zero when the line or the order is complete or cancelled.</summary>
    public decimal QtyOpen { get; init; }

    /// <summary><c>po_line.unit_price</c>.</summary>
    public decimal? UnitPrice { get; init; }

    /// <summary>Expected receipt: date part of <c>po_line.date_due</c>.</summary>
    public DateOnly? DueDate { get; init; }

    /// <summary>Date part of <c>po_line.supplier_ship_date</c> (overwritten by direct-ship confirmations).</summary>
    public DateOnly? SupplierShipDate { get; init; }

    /// <summary><c>po_line.complete</c> = 'Y'.</summary>
    public bool Complete { get; init; }
}
