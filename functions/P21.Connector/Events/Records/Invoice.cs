using System.Text.Json.Serialization;

namespace P21.Connector.Events.Records;

[JsonDerivedType(typeof(Invoice), "invoice")]
public abstract partial record CanonicalRecord;

/// <summary>An invoice (<c>invoice_hdr</c>) with its lines (<c>invoice_line</c>) and paid state. See docs/entities.md.</summary>
public sealed record Invoice : CanonicalRecord
{
    /// <summary><c>invoice_hdr.invoice_no</c>.</summary>
    public required string InvoiceNo { get; init; }

    /// <summary><c>invoice_hdr.order_no</c>.</summary>
    public string? OrderNo { get; init; }

    /// <summary><c>invoice_hdr.customer_id</c>.</summary>
    public string? CustomerId { get; init; }

    /// <summary><c>invoice_hdr.company_no</c>.</summary>
    public string? CompanyNo { get; init; }

    /// <summary>Date part of <c>invoice_hdr.invoice_date</c>.</summary>
    public DateOnly? InvoiceDate { get; init; }

    /// <summary>Date part of <c>invoice_hdr.ship_date</c>.</summary>
    public DateOnly? ShipDate { get; init; }

    /// <summary><c>invoice_hdr.total_amount</c>.</summary>
    public decimal? TotalAmount { get; init; }

    /// <summary><c>invoice_hdr.tax_amount</c>.</summary>
    public decimal? TaxAmount { get; init; }

    /// <summary><c>invoice_hdr.freight</c>.</summary>
    public decimal? Freight { get; init; }

    /// <summary><c>invoice_hdr.amount_paid</c>.</summary>
    public decimal AmountPaid { get; init; }

    /// <summary><c>invoice_hdr.paid_in_full_flag</c> = 'Y'.</summary>
    public bool PaidInFull { get; init; }

    /// <summary>Lines ordered by order line number.</summary>
    public IReadOnlyList<InvoiceLine> Lines { get; init; } = [];
}

/// <summary>An invoice line (<c>invoice_line</c>).</summary>
public sealed record InvoiceLine
{
    /// <summary><c>invoice_line.line_no</c>.</summary>
    public int? LineNo { get; init; }

    /// <summary><c>invoice_line.oe_line_number</c>.</summary>
    public int? OrderLineNo { get; init; }

    /// <summary><c>invoice_line.item_id</c>.</summary>
    public string? ItemId { get; init; }

    /// <summary><c>invoice_line.qty_shipped</c>.</summary>
    public decimal QtyShipped { get; init; }

    /// <summary><c>invoice_line.unit_price</c>.</summary>
    public decimal? UnitPrice { get; init; }

    /// <summary><c>invoice_line.extended_price</c>.</summary>
    public decimal? ExtendedPrice { get; init; }
}
