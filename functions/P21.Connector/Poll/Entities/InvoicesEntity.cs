using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Events.Records;

namespace P21.Connector.Poll.Entities;

/// <summary><c>invoices</c>: <c>invoice_hdr</c> with its <c>invoice_line</c> rows, amount paid and paid-in-full flag.</summary>
public sealed class InvoicesEntity : DocumentEntity
{
    /// <inheritdoc />
    public override string Name => "invoices";

    /// <inheritdoc />
    public override string EventName => "invoice";

    /// <inheritdoc />
    public override bool ParentKeyNumeric => false;

    /// <inheritdoc />
    public override PollSource Primary { get; } = new("invoice_hdr", ["invoice_no"],
    [
        "invoice_no", "order_no", "customer_id", "company_no", "invoice_date", "ship_date", "total_amount", "tax_amount", "freight",
        "amount_paid", "paid_in_full_flag", "date_last_modified",
    ]);

    /// <inheritdoc />
    protected override string LineTable => "invoice_line";

    /// <inheritdoc />
    public override ChangeProbe ChangeProbe { get; } = new("p21_view_es_invoice_hdr", ["invoice_hdr", "invoice_line"]);

    /// <inheritdoc />
    protected override IReadOnlyList<string> LineKeyColumns { get; } = ["line_no"];

    /// <inheritdoc />
    protected override IReadOnlyList<string> LineSelect { get; } =
    [
        "invoice_no", "line_no", "oe_line_number", "item_id", "qty_shipped", "unit_price", "extended_price", "date_last_modified",
    ];

    /// <inheritdoc />
    protected override EntityRecord? Map(P21Row header, IReadOnlyList<P21Row> lines)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(lines);
        var invoiceNo = header.Id("invoice_no");
        if (invoiceNo is null)
        {
            return null;
        }

        var invoice = new Invoice
        {
            InvoiceNo = invoiceNo,
            OrderNo = header.Id("order_no"),
            CustomerId = header.Id("customer_id"),
            CompanyNo = header.Id("company_no"),
            InvoiceDate = header.Date("invoice_date"),
            ShipDate = header.Date("ship_date"),
            TotalAmount = header.Number("total_amount"),
            TaxAmount = header.Number("tax_amount"),
            Freight = header.Number("freight"),
            AmountPaid = header.Quantity("amount_paid"),
            PaidInFull = header.Flag("paid_in_full_flag") == true,
            Lines = [.. lines.Select(l => new InvoiceLine
            {
                LineNo = (int?)l.Whole("line_no"),
                OrderLineNo = (int?)l.Whole("oe_line_number"),
                ItemId = l.Text("item_id"),
                QtyShipped = l.Quantity("qty_shipped"),
                UnitPrice = l.Number("unit_price"),
                ExtendedPrice = l.Number("extended_price"),
            }).OrderBy(l => l.LineNo)],
        };
        return Record(invoiceNo, invoice, CanonicalJsonContext.Default.Invoice, header, lines);
    }
}
