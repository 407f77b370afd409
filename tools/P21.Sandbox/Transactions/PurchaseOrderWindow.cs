using System.Globalization;

using P21.Sandbox.Business;
using P21.Sandbox.Data;

namespace P21.Sandbox.Transactions;

/// <summary>
/// The PurchaseOrder service (regular PO, type B): header and lines; the price comes from the item cost. Without
/// <c>po_no</c> it creates a PO; with one it updates that open PO (expected date, reference, lines upserted by
/// <c>line_no</c>).
/// </summary>
internal static class PurchaseOrderWindow
{
    private const string Header = "TABPAGE_1.tp_1_dw_1";
    private const string Lines = "TABPAGE_17.tp_17_dw_17";

    public static async Task<List<ResultElement>> SaveAsync(WindowInput input, WriteSession session, CancellationToken cancellationToken)
    {
        Dictionary<string, string?> h = input.Form(Header);
        string? v(string field) => ValueParsing.Trimmed(WindowInput.Value(h, field));
        string poNo = v("po_no") is { } poText
            ? await UpdateAsync(session, poText, h, input.Rows(Lines), cancellationToken)
            : await CreateAsync(session, h, input.Rows(Lines), cancellationToken);
        return [TransactionProcessor.Echo(Header, "Form", ["po_no"], "po_no", poNo, h)];
    }

    private static async Task<string> CreateAsync(WriteSession session, Dictionary<string, string?> h, IReadOnlyList<Dictionary<string, string?>> lines, CancellationToken cancellationToken)
    {
        string? v(string field) => ValueParsing.Trimmed(WindowInput.Value(h, field));
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

        if (lines.Count == 0)
        {
            throw new BusinessRuleException("At least one line item is required.");
        }

        long poNo = await session.ExecuteAsync<long>("SELECT COALESCE(MAX(po_no), $f) + 1 FROM po_hdr", cancellationToken, ("$f", SeedGenerator.FirstPoNo));
        long uid = await session.ExecuteAsync<long>("SELECT COALESCE(MAX(po_hdr_uid), 0) + 1 FROM po_hdr", cancellationToken);
        DateTime today = await TodayAsync(session, cancellationToken);
        DateTime due = ValueParsing.Date(v("expected_date"), "expected_date") ?? today.AddDays(14);
        await session.RunAsync(
            "INSERT INTO po_hdr (po_no, po_hdr_uid, company_no, vendor_id, supplier_id, location_id, order_date, date_due, expected_date, po_type, approved, complete, cancel_flag, external_po_no, delete_flag) VALUES ($p, $uid, $co, $v, $s, $l, $d, $due, $due, 'B', 'N', 'N', 'N', $ext, 'N')",
            cancellationToken, ("$p", poNo), ("$uid", uid), ("$co", loc["company_id"]), ("$v", vendor), ("$s", supplier), ("$l", location), ("$d", SandboxClock.Store(today)), ("$due", SandboxClock.Store(due)),
            ("$ext", v("external_po_no")));
        int next = 0;
        foreach (Dictionary<string, string?> line in lines)
        {
            int lineNo = LineNo(line) ?? next + 1;
            next = Math.Max(next, lineNo);
            await AddLineAsync(session, poNo, lineNo, location, ValueParsing.Text(loc["company_id"]), due, line, cancellationToken);
        }

        return poNo.ToString(CultureInfo.InvariantCulture);
    }

    private static async Task<string> UpdateAsync(WriteSession session, string poText, Dictionary<string, string?> h, IReadOnlyList<Dictionary<string, string?>> lines, CancellationToken cancellationToken)
    {
        string? v(string field) => ValueParsing.Trimmed(WindowInput.Value(h, field));
        decimal poNo = ValueParsing.Decimal(poText, "po_no")!.Value;
        Dictionary<string, object?> header = await session.RowAsync("SELECT * FROM po_hdr WHERE po_no = $p AND delete_flag = 'N'", cancellationToken, ("$p", poNo))
            ?? throw new BusinessRuleException("Record specified was not found.");
        if (ValueParsing.Text(header["complete"]) == "Y" || ValueParsing.Text(header["cancel_flag"]) == "Y")
        {
            throw new BusinessRuleException($"Purchase order {poText} is complete or canceled and cannot be changed.");
        }

        foreach (string fixedField in new[] { "vendor_id", "vendor_supplier_id", "location_id" })
        {
            if (v(fixedField) is not null)
            {
                throw new BusinessRuleException($"Column '{fixedField}' cannot be changed on an existing purchase order.");
            }
        }

        DateTime? expected = ValueParsing.Date(v("expected_date"), "expected_date");
        await session.RunAsync(
            "UPDATE po_hdr SET expected_date = COALESCE($e, expected_date), date_due = COALESCE($e, date_due), external_po_no = COALESCE($ext, external_po_no) WHERE po_no = $p",
            cancellationToken, ("$e", expected is null ? null : SandboxClock.Store(expected.Value)), ("$ext", v("external_po_no")), ("$p", poNo));
        decimal location = ValueParsing.Number(header["location_id"]);
        DateTime due = expected ?? ValueParsing.Date(ValueParsing.Text(header["date_due"]), "date_due") ?? await TodayAsync(session, cancellationToken);
        foreach (Dictionary<string, string?> line in lines)
        {
            int? lineNo = LineNo(line);
            Dictionary<string, object?>? existing = lineNo is null ? null
                : await session.RowAsync("SELECT * FROM po_line WHERE po_no = $p AND line_no = $n AND delete_flag = 'N'", cancellationToken, ("$p", poNo), ("$n", lineNo));
            if (existing is null)
            {
                long next = await session.ExecuteAsync<long>("SELECT COALESCE(MAX(line_no), 0) + 1 FROM po_line WHERE po_no = $p", cancellationToken, ("$p", poNo));
                await AddLineAsync(session, (long)poNo, lineNo ?? (int)next, location, ValueParsing.Text(header["company_no"]), due, line, cancellationToken);
                continue;
            }

            string? itemId = ValueParsing.Trimmed(WindowInput.Value(line, "item_id"));
            if (itemId is not null && !string.Equals(itemId, ValueParsing.Text(existing["item_id"]), StringComparison.Ordinal))
            {
                throw new BusinessRuleException($"Item ID cannot be changed on line {lineNo}.");
            }

            decimal qty = ValueParsing.Decimal(WindowInput.Value(line, "unit_quantity"), "unit_quantity") ?? ValueParsing.Number(existing["qty_ordered"]);
            if (qty <= 0)
            {
                throw new BusinessRuleException("Quantity must be greater than zero.");
            }

            if (qty < ValueParsing.Number(existing["qty_received"]))
            {
                throw new BusinessRuleException($"Quantity ordered on line {lineNo} cannot be less than the quantity received.");
            }

            await session.RunAsync(
                "UPDATE po_line SET qty_ordered = $q, date_due = $due WHERE po_no = $p AND line_no = $n",
                cancellationToken, ("$q", qty), ("$due", SandboxClock.Store(due)), ("$p", poNo), ("$n", lineNo));
        }

        await session.RunAsync("UPDATE po_hdr SET date_last_modified = sandbox_now() WHERE po_no = $p", cancellationToken, ("$p", poNo));
        return poText;
    }

    private static async Task AddLineAsync(WriteSession session, long poNo, int lineNo, decimal location, string companyNo, DateTime due, Dictionary<string, string?> line, CancellationToken cancellationToken)
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
            cancellationToken, ("$p", poNo), ("$n", lineNo), ("$uid", lineUid), ("$co", companyNo), ("$u", item["inv_mast_uid"]), ("$i", itemId), ("$q", qty),
            ("$price", cost ?? Math.Round(ValueParsing.Number(item["price1"]) * 0.55m, 4)), ("$due", SandboxClock.Store(due)));
    }

    private static int? LineNo(Dictionary<string, string?> line) =>
        ValueParsing.Decimal(WindowInput.Value(line, "line_no"), "line_no") is { } n ? (int)n : null;

    private static async Task<DateTime> TodayAsync(WriteSession session, CancellationToken cancellationToken) =>
        DateTime.ParseExact(await session.ExecuteAsync<string>("SELECT sandbox_now()", cancellationToken), SandboxClock.StorageFormat, CultureInfo.InvariantCulture).Date;
}
