using System.Globalization;

using P21.Sandbox.Business;
using P21.Sandbox.Data;

namespace P21.Sandbox.Transactions;

/// <summary>The PurchaseOrder service (regular PO, type B): header and lines; the price comes from the item cost.</summary>
internal static class PurchaseOrderWindow
{
    public static async Task<List<ResultElement>> SaveAsync(WindowInput input, WriteSession session, CancellationToken cancellationToken)
    {
        Dictionary<string, string?> h = input.Form("TABPAGE_1.tp_1_dw_1");
        string? v(string field) => ValueParsing.Trimmed(WindowInput.Value(h, field));
        if (v("po_no") is { } poText)
        {
            throw new BusinessRuleException($"Purchase order {poText} cannot be changed through the sandbox PurchaseOrder service.");
        }

        decimal location = ValueParsing.Decimal(v("location_id") ?? throw new BusinessRuleException("Location ID is required."), "location_id")!.Value;
        decimal vendor = ValueParsing.Decimal(v("vendor_id") ?? throw new BusinessRuleException("Vendor ID is required."), "vendor_id")!.Value;
        decimal supplier = ValueParsing.Decimal(v("vendor_supplier_id") ?? throw new BusinessRuleException("Supplier ID is required."), "vendor_supplier_id")!.Value;
        Dictionary<string, object?> loc = await session.RowAsync("SELECT company_id FROM location WHERE location_id = $l AND delete_flag = 'N'", cancellationToken, ("$l", location))
            ?? throw new BusinessRuleException($"Location ID {v("location_id")} is not valid.");

        // Vendor and supplier are different numbers; mixing them up is P21's "Record specified was not found".
        if (await session.RowAsync("SELECT 1 FROM vendor_supplier vs JOIN vendor v ON v.vendor_id = vs.vendor_id AND v.delete_flag = 'N' JOIN supplier s ON s.supplier_id = vs.supplier_id AND s.delete_flag = 'N' WHERE vs.vendor_id = $v AND vs.supplier_id = $s AND vs.delete_flag = 'N'",
            cancellationToken, ("$v", vendor), ("$s", supplier)) is null)
        {
            throw new BusinessRuleException("Record specified was not found.");
        }

        IReadOnlyList<Dictionary<string, string?>> lines = input.Rows("TABPAGE_17.tp_17_dw_17");
        if (lines.Count == 0)
        {
            throw new BusinessRuleException("At least one line item is required.");
        }

        long poNo = await session.ExecuteAsync<long>("SELECT COALESCE(MAX(po_no), $f) + 1 FROM po_hdr", cancellationToken, ("$f", SeedGenerator.FirstPoNo));
        long uid = await session.ExecuteAsync<long>("SELECT COALESCE(MAX(po_hdr_uid), 0) + 1 FROM po_hdr", cancellationToken);
        DateTime today = DateTime.ParseExact(await session.ExecuteAsync<string>("SELECT sandbox_now()", cancellationToken), SandboxClock.StorageFormat, CultureInfo.InvariantCulture).Date;
        DateTime due = ValueParsing.Date(v("expected_date"), "expected_date") ?? today.AddDays(14);
        await session.RunAsync(
            "INSERT INTO po_hdr (po_no, po_hdr_uid, company_no, vendor_id, supplier_id, location_id, order_date, date_due, expected_date, po_type, approved, complete, cancel_flag, delete_flag) VALUES ($p, $uid, $co, $v, $s, $l, $d, $due, $due, 'B', 'N', 'N', 'N', 'N')",
            cancellationToken, ("$p", poNo), ("$uid", uid), ("$co", loc["company_id"]), ("$v", vendor), ("$s", supplier), ("$l", location), ("$d", SandboxClock.Store(today)), ("$due", SandboxClock.Store(due)));
        int lineNo = 0;
        foreach (Dictionary<string, string?> line in lines)
        {
            string itemId = ValueParsing.Trimmed(WindowInput.Value(line, "item_id")) ?? throw new BusinessRuleException("Item ID is required.");
            Dictionary<string, object?> item = await session.RowAsync("SELECT inv_mast_uid, price1 FROM inv_mast WHERE item_id = $i AND delete_flag = 'N'", cancellationToken, ("$i", itemId))
                ?? throw new BusinessRuleException($"Item ID '{itemId}' is not valid.");
            decimal qty = ValueParsing.Decimal(WindowInput.Value(line, "unit_quantity"), "unit_quantity") ?? 0m;
            if (qty <= 0)
            {
                throw new BusinessRuleException("Quantity must be greater than zero.");
            }

            object? cost = await session.ExecuteAsync<object?>("SELECT standard_cost FROM inv_loc WHERE location_id = $l AND inv_mast_uid = $u", cancellationToken, ("$l", location), ("$u", item["inv_mast_uid"]));
            long lineUid = await session.ExecuteAsync<long>("SELECT COALESCE(MAX(po_line_uid), 0) + 1 FROM po_line", cancellationToken);
            await session.RunAsync(
                "INSERT INTO po_line (po_no, line_no, po_line_uid, company_no, inv_mast_uid, item_id, qty_ordered, qty_received, unit_price, date_due, complete, cancel_flag, delete_flag) VALUES ($p, $n, $uid, $co, $u, $i, $q, 0, $price, $due, 'N', 'N', 'N')",
                cancellationToken, ("$p", poNo), ("$n", ++lineNo), ("$uid", lineUid), ("$co", loc["company_id"]), ("$u", item["inv_mast_uid"]), ("$i", itemId), ("$q", qty),
                ("$price", cost ?? Math.Round(ValueParsing.Number(item["price1"]) * 0.55m, 4)), ("$due", SandboxClock.Store(due)));
        }

        return [TransactionProcessor.Echo("TABPAGE_1.tp_1_dw_1", "Form", ["po_no"], "po_no", poNo.ToString(CultureInfo.InvariantCulture), h)];
    }
}