using System.Globalization;

using P21.Sandbox.Data;

namespace P21.Sandbox.Business;

/// <summary>Creates and updates sales orders with the Order window's rules; shared by the Transaction API and REST.</summary>
internal sealed class OrderWriter(SandboxClock clock, SandboxOptions options)
{
    /// <summary>The one-time ship-to fields of the Order header, each an <c>oe_hdr</c> column of the same name.</summary>
    public static readonly string[] Ship2Fields = ["ship2_name", "ship2_add1", "ship2_add2", "ship2_city", "ship2_state", "ship2_zip", "ship2_country", "ship2_email_address"];

    // oe_hdr's column widths: P21 refuses a longer value rather than cut it.
    private static readonly Dictionary<string, int> Ship2Widths = new(StringComparer.Ordinal)
    {
        ["ship2_name"] = 50,
        ["ship2_add1"] = 50,
        ["ship2_add2"] = 50,
        ["ship2_city"] = 50,
        ["ship2_state"] = 50,
        ["ship2_zip"] = 10,
        ["ship2_country"] = 50,
        ["ship2_email_address"] = 255,
    };

    /// <summary>Creates the order (or updates it when OrderNo names an existing one) and returns its order_no.</summary>
    public async Task<string> SaveAsync(WriteSession session, OrderDraft draft, CancellationToken cancellationToken)
    {
        string? orderNo = ValueParsing.Trimmed(draft.OrderNo);
        if (orderNo is not null)
        {
            Dictionary<string, object?> existing = await session.RowAsync("SELECT * FROM oe_hdr WHERE order_no = $o", cancellationToken, ("$o", orderNo))
                ?? throw new BusinessRuleException($"Order {orderNo} does not exist.");
            await UpdateAsync(session, existing, draft, cancellationToken);
            return orderNo;
        }

        return await CreateAsync(session, draft, cancellationToken);
    }

    private async Task<string> CreateAsync(WriteSession session, OrderDraft draft, CancellationToken cancellationToken)
    {
        string customerText = ValueParsing.Trimmed(draft.CustomerId) ?? throw new BusinessRuleException("Customer ID is required.");
        decimal customerId = ValueParsing.Decimal(customerText, "customer_id")!.Value;
        Dictionary<string, object?> customer = await session.RowAsync("SELECT * FROM customer WHERE customer_id = $c AND delete_flag = 'N'", cancellationToken, ("$c", customerId))
            ?? throw new BusinessRuleException($"Customer ID {customerText} is not valid.");
        string companyId = ValueParsing.Text(customer["company_id"]);

        // P21 reports a missing sales/source location through the tax jurisdiction lookup that depends on it.
        if (ValueParsing.Trimmed(draft.SalesLocId) is null || ValueParsing.Trimmed(draft.SourceLocId) is null)
        {
            throw new BusinessRuleException("Jurisdiction ID for Order Header Tax is required.");
        }

        decimal salesLoc = await LocationAsync(session, companyId, draft.SalesLocId!, cancellationToken);
        decimal sourceLoc = await LocationAsync(session, companyId, draft.SourceLocId!, cancellationToken);

        string shipToText = ValueParsing.Trimmed(draft.ShipToId) ?? throw new BusinessRuleException("This column is required.");
        decimal shipToId = ValueParsing.Decimal(shipToText, "ship_to_id")!.Value;
        Dictionary<string, object?> shipTo = await session.RowAsync(
            "SELECT s.*, a.name, a.mail_address1, a.mail_address2, a.mail_city, a.mail_state, a.mail_postal_code, a.mail_country, a.email_address FROM ship_to s LEFT JOIN address a ON a.id = s.ship_to_id WHERE s.company_id = $co AND s.ship_to_id = $s AND s.customer_id = $c AND s.delete_flag = 'N'",
            cancellationToken, ("$co", companyId), ("$s", shipToId), ("$c", customerId))
            ?? throw new BusinessRuleException($"Ship To ID {shipToText} is not valid for customer {customerText}.");

        string? contactId = ValueParsing.Trimmed(draft.ContactId);
        if (contactId is not null && await session.RowAsync("SELECT id FROM contacts WHERE id = $id AND delete_flag = 'N'", cancellationToken, ("$id", contactId)) is null)
        {
            throw new BusinessRuleException($"Contact ID {contactId} is not valid.");
        }

        DateTime orderDate = ValueParsing.Date(draft.OrderDate, "order_date") ?? clock.LocalNow.Date;
        DateTime? requested = ValueParsing.Date(draft.RequestedDate, "requested_date");
        if (requested is not null && requested.Value <= orderDate)
        {
            throw new BusinessRuleException("Requested Date must be after Order Date.");
        }

        if (draft.Lines.Count == 0)
        {
            throw new BusinessRuleException("At least one line item is required.");
        }

        // Typing any one-time address field replaces the ship-to's whole address on the order, as in the Order window.
        Dictionary<string, object?> ship2 = new(StringComparer.Ordinal)
        {
            ["ship2_name"] = shipTo["name"],
            ["ship2_add1"] = shipTo["mail_address1"],
            ["ship2_add2"] = shipTo["mail_address2"],
            ["ship2_city"] = shipTo["mail_city"],
            ["ship2_state"] = shipTo["mail_state"],
            ["ship2_zip"] = shipTo["mail_postal_code"],
            ["ship2_country"] = shipTo["mail_country"],
            ["ship2_email_address"] = shipTo["email_address"],
        };
        if (draft.Ship2 is { } typed && typed.Values.Any(static v => ValueParsing.Trimmed(v) is not null))
        {
            foreach (string field in Ship2Fields)
            {
                string? value = ValueParsing.Trimmed(typed.GetValueOrDefault(field));
                ship2[field] = value is { Length: > 0 } && value.Length > Ship2Widths[field]
                    ? throw new BusinessRuleException($"{field} cannot be longer than {Ship2Widths[field]} characters.")
                    : value;
            }
        }

        decimal? carrierId = ValueParsing.Decimal(draft.CarrierId, "carrier_id");
        if (carrierId is not null && !ShipmentWriter.Carriers.Any(c => c.Id == carrierId))
        {
            throw new BusinessRuleException($"Carrier ID {carrierId.Value.ToString(CultureInfo.InvariantCulture)} is not valid.");
        }

        string? instructions = ValueParsing.Trimmed(draft.DeliveryInstructions);
        if (instructions is { Length: > 255 })
        {
            throw new BusinessRuleException("Delivery Instructions cannot be longer than 255 characters.");
        }

        string orderNo = (await session.ExecuteAsync<long>("SELECT COALESCE(MAX(CAST(order_no AS INTEGER)), $f) + 1 FROM oe_hdr", cancellationToken, ("$f", SeedGenerator.FirstOrderNo)))
            .ToString(CultureInfo.InvariantCulture);
        long uid = await session.ExecuteAsync<long>("SELECT COALESCE(MAX(oe_hdr_uid), 0) + 1 FROM oe_hdr", cancellationToken);
        await session.RunAsync(
            """
            INSERT INTO oe_hdr (order_no, oe_hdr_uid, company_id, customer_id, ship_to_id, contact_id, order_date, requested_date, po_no, taker, approved, completed, cancel_flag,
              location_id, source_location_id, carrier_id, ship2_name, ship2_add1, ship2_add2, ship2_city, ship2_state, ship2_zip, ship2_country, ship2_email_address, web_reference_no,
              delivery_instructions, rma_flag, delete_flag)
            VALUES ($o, $uid, $co, $c, $s, $contact, $od, $rd, $po, $taker, 'Y', 'N', 'N', $sl, $src, $carrier, $n, $a1, $a2, $city, $st, $zip, $country, $email, $web, $notes, $rma, 'N')
            """,
            cancellationToken,
            ("$o", orderNo), ("$uid", uid), ("$co", companyId), ("$c", customerId), ("$s", shipToId), ("$contact", contactId), ("$od", SandboxClock.Store(orderDate)),
            ("$rd", requested is null ? null : SandboxClock.Store(requested.Value)), ("$po", ValueParsing.Trimmed(draft.PoNo)), ("$taker", ValueParsing.Trimmed(draft.Taker) ?? options.UserName.ToUpperInvariant()),
            ("$sl", salesLoc), ("$src", sourceLoc), ("$carrier", carrierId), ("$n", ship2["ship2_name"]), ("$a1", ship2["ship2_add1"]), ("$a2", ship2["ship2_add2"]), ("$city", ship2["ship2_city"]),
            ("$st", ship2["ship2_state"]), ("$zip", ship2["ship2_zip"]), ("$country", ship2["ship2_country"]), ("$email", ship2["ship2_email_address"]), ("$web", ValueParsing.Trimmed(draft.WebReferenceNo)),
            ("$notes", instructions), ("$rma", draft.IsRma ? "Y" : "N"));

        int lineNo = 0;
        foreach (OrderLineDraft line in draft.Lines)
        {
            await AddLineAsync(session, orderNo, companyId, ++lineNo, sourceLoc, customer, line, draft.IsRma, cancellationToken);
        }

        await TaxAsync(session, orderNo, ValueParsing.Text(customer["taxable_flag"]) != "N", ValueParsing.Text(ship2["ship2_state"]), cancellationToken);
        return orderNo;
    }

    /// <summary>
    /// The sandbox's tax engine: the ship-to state's rate (<see cref="StateTaxRates"/>) on the stock lines' extended
    /// prices (other charges untaxed), 0 for a non-taxable customer, stored in the sandbox column <c>oe_hdr.tax_amount</c>.
    /// Real P21 computes tax from the ship-to's tax jurisdiction; where it exposes the result is not in the public
    /// sources, so the connector reads a configurable column (<c>Writer:TaxCheck</c>).
    /// </summary>
    private static async Task TaxAsync(WriteSession session, string orderNo, bool taxable, string state, CancellationToken cancellationToken)
    {
        decimal rate = taxable && StateTaxRates.TryGetValue(state.Trim().ToUpperInvariant(), out decimal r) ? r : 0m;
        decimal basis = await session.ExecuteAsync<decimal>(
            "SELECT COALESCE(SUM(l.extended_price), 0) FROM oe_line l JOIN inv_mast i ON i.inv_mast_uid = l.inv_mast_uid WHERE l.order_no = $o AND COALESCE(i.other_charge_item, 'N') <> 'Y'",
            cancellationToken, ("$o", orderNo));
        await session.RunAsync("UPDATE oe_hdr SET tax_amount = $t WHERE order_no = $o", cancellationToken,
            ("$t", Math.Round(basis * rate, 2, MidpointRounding.AwayFromZero)), ("$o", orderNo));
    }

    /// <summary>Combined sales-tax rates the sandbox charges by ship-to state (illustrative, not a tax table).</summary>
    public static readonly IReadOnlyDictionary<string, decimal> StateTaxRates = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["TX"] = 0.0825m,
        ["NY"] = 0.08875m,
        ["CA"] = 0.0725m,
        ["IL"] = 0.0625m,
        ["KY"] = 0.06m,
        ["MI"] = 0.06m,
        ["WA"] = 0.065m,
        ["MN"] = 0.06875m,
    };

    private async Task UpdateAsync(WriteSession session, Dictionary<string, object?> header, OrderDraft draft, CancellationToken cancellationToken)
    {
        string orderNo = ValueParsing.Text(header["order_no"]);
        bool isRma = ValueParsing.Text(header["rma_flag"]) == "Y";
        if (isRma != draft.IsRma)
        {
            throw new BusinessRuleException(isRma ? $"Order {orderNo} is an RMA; change it in the RMA window." : $"Order {orderNo} is not an RMA.");
        }

        if (ValueParsing.Text(header["completed"]) == "Y")
        {
            throw new BusinessRuleException($"Order {orderNo} is completed and cannot be changed.");
        }

        if (ValueParsing.Trimmed(draft.CancelFlag) == "Y")
        {
            await CancelAsync(session, orderNo, cancellationToken);
            return;
        }

        if (ValueParsing.Trimmed(draft.CustomerId) is { } customerText && ValueParsing.Decimal(customerText, "customer_id") != ValueParsing.Number(header["customer_id"]))
        {
            throw new BusinessRuleException("Customer ID cannot be changed on an existing order.");
        }

        DateTime orderDate = ValueParsing.Date(ValueParsing.Text(header["order_date"]), "order_date")!.Value;
        DateTime? requested = ValueParsing.Date(draft.RequestedDate, "requested_date");
        if (requested is not null && requested.Value <= orderDate)
        {
            throw new BusinessRuleException("Requested Date must be after Order Date.");
        }

        await session.RunAsync(
            "UPDATE oe_hdr SET po_no = COALESCE($po, po_no), taker = COALESCE($taker, taker), requested_date = COALESCE($rd, requested_date), web_reference_no = COALESCE($web, web_reference_no), contact_id = COALESCE($contact, contact_id), date_last_modified = sandbox_now() WHERE order_no = $o",
            cancellationToken, ("$po", ValueParsing.Trimmed(draft.PoNo)), ("$taker", ValueParsing.Trimmed(draft.Taker)), ("$rd", requested is null ? null : SandboxClock.Store(requested.Value)),
            ("$web", ValueParsing.Trimmed(draft.WebReferenceNo)), ("$contact", ValueParsing.Trimmed(draft.ContactId)), ("$o", orderNo));

        Dictionary<string, object?> customer = (await session.RowAsync("SELECT * FROM customer WHERE customer_id = $c", cancellationToken, ("$c", header["customer_id"])))!;
        decimal sourceLoc = ValueParsing.Number(header["source_location_id"]);
        foreach (OrderLineDraft line in draft.Lines)
        {
            decimal? userLine = ValueParsing.Decimal(line.UserLineNo, "user_line_no");
            Dictionary<string, object?>? existing = userLine is not null
                ? await session.RowAsync("SELECT * FROM oe_line WHERE order_no = $o AND user_line_no = $u AND delete_flag = 'N'", cancellationToken, ("$o", orderNo), ("$u", userLine))
                : await session.RowAsync("SELECT * FROM oe_line WHERE order_no = $o AND item_id = $i AND delete_flag = 'N'", cancellationToken, ("$o", orderNo), ("$i", line.ItemId));
            if (existing is null)
            {
                long next = await session.ExecuteAsync<long>("SELECT COALESCE(MAX(line_no), 0) + 1 FROM oe_line WHERE order_no = $o", cancellationToken, ("$o", orderNo));
                await AddLineAsync(session, orderNo, ValueParsing.Text(header["company_id"]), (int)next, sourceLoc, customer, line, isRma, cancellationToken);
                continue;
            }

            decimal quantity = ValueParsing.Decimal(line.UnitQuantity, "unit_quantity") ?? ValueParsing.Number(existing["qty_ordered"]);
            if (quantity <= 0)
            {
                throw new BusinessRuleException("Quantity must be greater than zero.");
            }

            decimal? manual = ValueParsing.Decimal(line.UnitPrice, "unit_price");
            decimal price = manual ?? ValueParsing.Number(existing["unit_price"]);
            await session.RunAsync(
                "UPDATE oe_line SET qty_ordered = $q, unit_quantity = $q, unit_price = $p, extended_price = $e, manual_price_overide = CASE WHEN $m THEN 'Y' ELSE manual_price_overide END WHERE order_no = $o AND line_no = $l",
                cancellationToken, ("$q", quantity), ("$p", price), ("$e", Math.Round(price * quantity, 2)), ("$m", manual is not null), ("$o", orderNo), ("$l", existing["line_no"]));
        }
    }

    // Cancelling releases what the lines allocated; P21 refuses once anything is on a pick ticket or invoiced.
    private static async Task CancelAsync(WriteSession session, string orderNo, CancellationToken cancellationToken)
    {
        if (await session.RowAsync("SELECT line_no FROM oe_line WHERE order_no = $o AND delete_flag = 'N' AND (qty_on_pick_tickets > 0 OR qty_invoiced > 0)", cancellationToken, ("$o", orderNo)) is not null)
        {
            throw new BusinessRuleException($"Order {orderNo} has lines on pick tickets or invoiced and cannot be cancelled.");
        }

        await session.RunAsync(
            """
            UPDATE inv_loc SET qty_allocated = qty_allocated - COALESCE((SELECT SUM(l.qty_allocated) FROM oe_line l
              WHERE l.order_no = $o AND l.inv_mast_uid = inv_loc.inv_mast_uid AND l.source_loc_id = inv_loc.location_id AND l.cancel_flag = 'N' AND l.delete_flag = 'N'), 0),
              inv_last_changed_date = sandbox_now()
            WHERE EXISTS (SELECT 1 FROM oe_line l WHERE l.order_no = $o AND l.inv_mast_uid = inv_loc.inv_mast_uid AND l.source_loc_id = inv_loc.location_id AND l.cancel_flag = 'N')
            """,
            cancellationToken, ("$o", orderNo));
        await session.RunAsync(
            "UPDATE oe_line SET cancel_flag = 'Y', qty_canceled = qty_ordered, qty_allocated = 0, date_last_modified = sandbox_now() WHERE order_no = $o AND delete_flag = 'N'",
            cancellationToken, ("$o", orderNo));
        await session.RunAsync("UPDATE oe_hdr SET cancel_flag = 'Y', date_last_modified = sandbox_now() WHERE order_no = $o", cancellationToken, ("$o", orderNo));
    }

    private async Task AddLineAsync(WriteSession session, string orderNo, string companyId, int lineNo, decimal sourceLoc, Dictionary<string, object?> customer, OrderLineDraft line, bool isRma, CancellationToken cancellationToken)
    {
        // Item IDs are matched exactly: P21 does not upper-case them for you.
        string itemId = ValueParsing.Trimmed(line.ItemId) ?? throw new BusinessRuleException("Item ID is required.");
        Dictionary<string, object?> item = await session.RowAsync("SELECT inv_mast_uid, item_id, price1, default_selling_unit, other_charge_item FROM inv_mast WHERE item_id = $i AND delete_flag = 'N'", cancellationToken, ("$i", itemId))
            ?? throw new BusinessRuleException($"Item ID '{itemId}' is not valid.");
        bool otherCharge = ValueParsing.Text(item["other_charge_item"]) == "Y";
        decimal quantity = ValueParsing.Decimal(line.UnitQuantity, "unit_quantity") ?? 0m;
        if (quantity <= 0)
        {
            throw new BusinessRuleException("Quantity must be greater than zero.");
        }

        decimal? manual = ValueParsing.Decimal(line.UnitPrice, "unit_price");
        if (manual < 0 && !otherCharge)
        {
            // An other-charge item may carry a negative price (a discount line); a stock item may not.
            throw new BusinessRuleException("Unit Price must be zero or more.");
        }

        long invMastUid = (long)item["inv_mast_uid"]!;
        if (otherCharge)
        {
            // An other-charge item (freight, fees) is never stocked: no inventory row, nothing allocated.
            await InsertLineAsync(session, orderNo, companyId, lineNo, invMastUid, item, quantity, 0, manual ?? ValueParsing.Number(item["price1"]), ValueParsing.Decimal(line.UserLineNo, "user_line_no"), manual is not null, sourceLoc, cancellationToken);
            return;
        }

        Dictionary<string, object?> stock = await session.RowAsync("SELECT qty_on_hand, qty_allocated FROM inv_loc WHERE location_id = $l AND inv_mast_uid = $u AND delete_flag = 'N'", cancellationToken,
            ("$l", sourceLoc), ("$u", invMastUid)) ?? throw new BusinessRuleException($"Item '{itemId}' is not stocked at location {sourceLoc.ToString(CultureInfo.InvariantCulture)}.");
        decimal price = manual ?? await PriceAsync(session, customer, ValueParsing.Text(item["item_id"]), quantity, cancellationToken);
        decimal available = Math.Max(0, ValueParsing.Number(stock["qty_on_hand"]) - ValueParsing.Number(stock["qty_allocated"]));
        // A return allocates nothing: its stock comes back when the RMA is received.
        decimal allocated = isRma ? 0 : Math.Min(available, quantity);
        await InsertLineAsync(session, orderNo, companyId, lineNo, invMastUid, item, quantity, allocated, price, ValueParsing.Decimal(line.UserLineNo, "user_line_no"), manual is not null, sourceLoc, cancellationToken);
        if (isRma)
        {
            return;
        }

        await session.RunAsync(
            "UPDATE inv_loc SET qty_allocated = qty_allocated + $a, qty_backordered = qty_backordered + $b, inv_last_changed_date = sandbox_now() WHERE location_id = $l AND inv_mast_uid = $u",
            cancellationToken, ("$a", allocated), ("$b", quantity - allocated), ("$l", sourceLoc), ("$u", invMastUid));
    }

    private static async Task InsertLineAsync(
        WriteSession session, string orderNo, string companyId, int lineNo, long invMastUid, Dictionary<string, object?> item, decimal quantity, decimal allocated, decimal price,
        decimal? userLine, bool manual, decimal sourceLoc, CancellationToken cancellationToken)
    {
        long uid = await session.ExecuteAsync<long>("SELECT COALESCE(MAX(oe_line_uid), 0) + 1 FROM oe_line", cancellationToken);
        await session.RunAsync(
            """
            INSERT INTO oe_line (order_no, line_no, oe_line_uid, company_no, inv_mast_uid, item_id, qty_ordered, qty_allocated, qty_on_pick_tickets, qty_invoiced, qty_canceled, unit_price,
              extended_price, unit_quantity, unit_of_measure, user_line_no, manual_price_overide, source_loc_id, complete, cancel_flag, delete_flag)
            VALUES ($o, $l, $uid, $co, $inv, $item, $q, $alloc, 0, 0, 0, $p, $e, $q, $uom, $ul, $m, $src, 'N', 'N', 'N')
            """,
            cancellationToken, ("$o", orderNo), ("$l", lineNo), ("$uid", uid), ("$co", companyId), ("$inv", invMastUid), ("$item", item["item_id"]), ("$q", quantity), ("$alloc", allocated),
            ("$p", price), ("$e", Math.Round(price * quantity, 2)), ("$uom", item["default_selling_unit"]), ("$ul", userLine ?? lineNo), ("$m", manual ? "Y" : "N"), ("$src", sourceLoc));
    }

    /// <summary>
    /// The line's price from <see cref="PriceEngine"/>, the same engine <c>/api/inventory/parts/{ItemId}/v2/price</c> answers
    /// with, so a storefront that showed the engine's price sees the order priced alike.
    /// </summary>
    private async Task<decimal> PriceAsync(WriteSession session, Dictionary<string, object?> customer, string itemId, decimal quantity, CancellationToken cancellationToken)
    {
        var question = new PriceQuestion(ValueParsing.Text(customer["company_id"]), ValueParsing.Number(customer["customer_id"]), itemId, quantity, null);
        PriceQuote quote = await PriceEngine.QuoteAsync(session, question, clock.LocalNow, cancellationToken);
        return quote.Refusal is null ? quote.UnitPrice : throw new BusinessRuleException(quote.Message!);
    }

    private static async Task<decimal> LocationAsync(WriteSession session, string companyId, string text, CancellationToken cancellationToken)
    {
        decimal id = ValueParsing.Decimal(text, "location_id")!.Value;
        return await session.RowAsync("SELECT location_id FROM location WHERE company_id = $co AND location_id = $l AND delete_flag = 'N'", cancellationToken, ("$co", companyId), ("$l", id)) is null
            ? throw new BusinessRuleException($"Location ID {text.Trim()} is not valid.")
            : id;
    }
}
