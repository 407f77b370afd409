namespace P21.Connector.Events.Records;

/// <summary>
/// Derives <see cref="SalesOrderStatus"/>. P21 has no single status column, so the rule reads, in order:
/// 1. header <c>cancel_flag</c> = 'Y', or every line cancelled (flag, or canceled qty ≥ ordered) → cancelled;
/// 2. header <c>completed</c> = 'Y' → invoiced (P21 completes an order once its last line is invoiced);
/// 3. shipped qty (<c>qty_invoiced</c>, since P21 invoices at shipment confirmation) covering every live line's
///    ordered − canceled quantity → shipped; some shipped → partially shipped;
/// 4. header <c>approved</c> = 'Y' → approved; otherwise open.
/// </summary>
public static class SalesOrderStatusRule
{
    /// <summary>Applies the rule to a header's flags and its live lines.</summary>
    public static SalesOrderStatus Derive(bool cancelled, bool completed, bool approved, IReadOnlyList<SalesOrderLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var liveLines = lines.Where(l => !l.Cancelled && l.QtyOrdered - l.QtyCanceled > 0).ToList();
        if (cancelled || (lines.Count > 0 && liveLines.Count == 0))
        {
            return SalesOrderStatus.Cancelled;
        }

        if (completed)
        {
            return SalesOrderStatus.Invoiced;
        }

        var shippedAny = liveLines.Any(l => l.QtyInvoiced > 0);
        var shippedAll = liveLines.Count > 0 && liveLines.All(l => l.QtyInvoiced >= l.QtyOrdered - l.QtyCanceled);
        if (shippedAll)
        {
            return SalesOrderStatus.Shipped;
        }

        if (shippedAny)
        {
            return SalesOrderStatus.PartiallyShipped;
        }

        return approved ? SalesOrderStatus.Approved : SalesOrderStatus.Open;
    }
}
