using System.Globalization;

using P21.Sandbox.Data;

namespace P21.Sandbox.Business;

/// <summary>Pick tickets, shipment confirmation and invoicing; shared by the Shipping service and /_sandbox.</summary>
internal sealed class ShipmentWriter(SandboxClock clock)
{
    /// <summary>Carriers as (code, display name); UseCodeValues decides which one a client sends.</summary>
    public static readonly IReadOnlyList<(decimal Id, string Name)> Carriers = [(9001m, "UPS Ground"), (9002m, "FedEx Ground"), (9003m, "USPS Priority Mail"), (9004m, "Customer Pickup")];

    /// <summary>Creates a pick ticket for every line quantity not yet picked or invoiced; returns its number.</summary>
    public async Task<long> CreatePickTicketAsync(WriteSession session, string orderNo, CancellationToken cancellationToken)
    {
        Dictionary<string, object?> header = await session.RowAsync("SELECT * FROM oe_hdr WHERE order_no = $o AND delete_flag = 'N'", cancellationToken, ("$o", orderNo))
            ?? throw new BusinessRuleException($"Order {orderNo} does not exist.");
        if (ValueParsing.Text(header["cancel_flag"]) == "Y")
        {
            throw new BusinessRuleException($"Order {orderNo} is canceled.");
        }

        List<Dictionary<string, object?>> lines = await session.RowsAsync(
            "SELECT * FROM oe_line WHERE order_no = $o AND delete_flag = 'N' AND cancel_flag = 'N' AND qty_ordered - qty_invoiced - qty_on_pick_tickets - qty_canceled > 0 ORDER BY line_no",
            cancellationToken, ("$o", orderNo));
        if (lines.Count == 0)
        {
            throw new BusinessRuleException($"Order {orderNo} has nothing left to pick.");
        }

        long pickTicketNo = await session.ExecuteAsync<long>("SELECT COALESCE(MAX(pick_ticket_no), $f) + 1 FROM oe_pick_ticket", cancellationToken, ("$f", SeedGenerator.FirstPickTicketNo));
        await session.RunAsync(
            "INSERT INTO oe_pick_ticket (pick_ticket_no, company_id, order_no, location_id, freight_out, printed_flag, delete_flag) VALUES ($p, $co, $o, $l, 0, 'Y', 'N')",
            cancellationToken, ("$p", pickTicketNo), ("$co", header["company_id"]), ("$o", orderNo), ("$l", header["source_location_id"]));
        int detailNo = 0;
        foreach (Dictionary<string, object?> line in lines)
        {
            decimal open = ValueParsing.Number(line["qty_ordered"]) - ValueParsing.Number(line["qty_invoiced"]) - ValueParsing.Number(line["qty_on_pick_tickets"]) - ValueParsing.Number(line["qty_canceled"]);
            await session.RunAsync(
                "INSERT INTO oe_pick_ticket_detail (pick_ticket_no, line_number, oe_line_no, inv_mast_uid, item_id, qty_to_pick, ship_quantity, unit_of_measure, delete_flag) VALUES ($p, $n, $l, $u, $i, $q, 0, $uom, 'N')",
                cancellationToken, ("$p", pickTicketNo), ("$n", ++detailNo), ("$l", line["line_no"]), ("$u", line["inv_mast_uid"]), ("$i", line["item_id"]), ("$q", open), ("$uom", line["unit_of_measure"]));
            await session.RunAsync("UPDATE oe_line SET qty_on_pick_tickets = qty_on_pick_tickets + $q WHERE order_no = $o AND line_no = $l", cancellationToken,
                ("$q", open), ("$o", orderNo), ("$l", line["line_no"]));
        }

        return pickTicketNo;
    }

    /// <summary>Writes carrier and tracking on a pick ticket and, when asked, confirms it and creates the invoice.</summary>
    public async Task<string?> ConfirmAsync(WriteSession session, decimal pickTicketNo, decimal? carrierId, string? trackingNo, decimal? freight, bool createInvoice, CancellationToken cancellationToken)
    {
        string pickText = pickTicketNo.ToString(CultureInfo.InvariantCulture);
        Dictionary<string, object?> ticket = await session.RowAsync("SELECT * FROM oe_pick_ticket WHERE pick_ticket_no = $p AND delete_flag = 'N'", cancellationToken, ("$p", pickTicketNo))
            ?? throw new BusinessRuleException($"Pick ticket {pickText} does not exist.");
        if (ticket["invoice_no"] is not null)
        {
            throw new BusinessRuleException($"Pick ticket {pickText} has already been invoiced and cannot be changed.");
        }

        await session.RunAsync(
            "UPDATE oe_pick_ticket SET carrier_id = COALESCE($c, carrier_id), tracking_no = COALESCE($t, tracking_no), freight_out = COALESCE($f, freight_out) WHERE pick_ticket_no = $p",
            cancellationToken, ("$c", carrierId), ("$t", ValueParsing.Trimmed(trackingNo)), ("$f", freight), ("$p", pickTicketNo));
        if (!createInvoice)
        {
            return null;
        }

        string orderNo = ValueParsing.Text(ticket["order_no"]);
        Dictionary<string, object?> header = (await session.RowAsync("SELECT * FROM oe_hdr WHERE order_no = $o", cancellationToken, ("$o", orderNo)))!;
        string today = SandboxClock.Store(clock.LocalNow.Date);
        string invoiceNo = (await session.ExecuteAsync<long>("SELECT COALESCE(MAX(CAST(invoice_no AS INTEGER)), $f) + 1 FROM invoice_hdr", cancellationToken, ("$f", SeedGenerator.FirstInvoiceNo)))
            .ToString(CultureInfo.InvariantCulture);
        long invoiceLineUid = await session.ExecuteAsync<long>("SELECT COALESCE(MAX(invoice_line_uid), 0) FROM invoice_line", cancellationToken);
        decimal total = 0m;
        int lineNo = 0;
        List<Dictionary<string, object?>> details = await session.RowsAsync("SELECT * FROM oe_pick_ticket_detail WHERE pick_ticket_no = $p ORDER BY line_number", cancellationToken, ("$p", pickTicketNo));
        foreach (Dictionary<string, object?> detail in details)
        {
            decimal qty = ValueParsing.Number(detail["qty_to_pick"]);
            Dictionary<string, object?> line = (await session.RowAsync("SELECT * FROM oe_line WHERE order_no = $o AND line_no = $l", cancellationToken, ("$o", orderNo), ("$l", detail["oe_line_no"])))!;
            decimal price = ValueParsing.Number(line["unit_price"]);
            decimal extended = Math.Round(price * qty, 2);
            total += extended;
            invoiceLineUid++;
            await session.RunAsync(
                "INSERT INTO invoice_line (invoice_no, line_no, invoice_line_uid, inv_mast_uid, item_id, qty_shipped, unit_price, extended_price, oe_line_number) VALUES ($i, $n, $uid, $u, $item, $q, $p, $e, $l)",
                cancellationToken, ("$i", invoiceNo), ("$n", ++lineNo), ("$uid", invoiceLineUid), ("$u", detail["inv_mast_uid"]), ("$item", detail["item_id"]), ("$q", qty), ("$p", price), ("$e", extended), ("$l", detail["oe_line_no"]));
            await session.RunAsync("UPDATE oe_pick_ticket_detail SET ship_quantity = $q, invoice_line_uid = $uid WHERE pick_ticket_no = $p AND line_number = $n", cancellationToken,
                ("$q", qty), ("$uid", invoiceLineUid), ("$p", pickTicketNo), ("$n", detail["line_number"]));
            await session.RunAsync(
                """
                UPDATE oe_line SET qty_invoiced = qty_invoiced + $q, qty_on_pick_tickets = MAX(0, qty_on_pick_tickets - $q), qty_allocated = MAX(0, qty_allocated - $q),
                  complete = CASE WHEN qty_invoiced + $q + qty_canceled >= qty_ordered THEN 'Y' ELSE 'N' END
                WHERE order_no = $o AND line_no = $l
                """,
                cancellationToken, ("$q", qty), ("$o", orderNo), ("$l", detail["oe_line_no"]));
            await session.RunAsync(
                "UPDATE inv_loc SET qty_on_hand = qty_on_hand - $q, qty_allocated = MAX(0, qty_allocated - $q), inv_last_changed_date = sandbox_now() WHERE location_id = $l AND inv_mast_uid = $u",
                cancellationToken, ("$q", qty), ("$l", ticket["location_id"]), ("$u", detail["inv_mast_uid"]));
        }

        decimal freightOut = freight ?? ValueParsing.Number(ticket["freight_out"]);
        await session.RunAsync(
            "INSERT INTO invoice_hdr (invoice_no, company_no, order_no, customer_id, ship_to_id, po_no, invoice_date, ship_date, total_amount, amount_paid, paid_in_full_flag, tax_amount, freight) VALUES ($i, $co, $o, $c, $s, $po, $d, $d, $t, 0, 'N', 0, $f)",
            cancellationToken, ("$i", invoiceNo), ("$co", header["company_id"]), ("$o", orderNo), ("$c", header["customer_id"]), ("$s", header["ship_to_id"]), ("$po", header["po_no"]), ("$d", today),
            ("$t", total + freightOut), ("$f", freightOut));
        await session.RunAsync("UPDATE oe_pick_ticket SET ship_date = $d, invoice_no = $i WHERE pick_ticket_no = $p", cancellationToken, ("$d", today), ("$i", invoiceNo), ("$p", pickTicketNo));
        await session.RunAsync(
            "UPDATE oe_hdr SET completed = CASE WHEN NOT EXISTS (SELECT 1 FROM oe_line WHERE order_no = $o AND delete_flag = 'N' AND complete = 'N') THEN 'Y' ELSE completed END, date_last_modified = sandbox_now() WHERE order_no = $o",
            cancellationToken, ("$o", orderNo));
        return invoiceNo;
    }
}
