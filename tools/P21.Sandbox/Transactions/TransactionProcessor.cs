using System.Globalization;

using P21.Sandbox.Business;
using P21.Sandbox.Data;

namespace P21.Sandbox.Transactions;

/// <summary>
/// Runs Transaction API requests: each transaction is collapsed by its Keys (GROUP BY, last value wins), then saved
/// in its own database transaction, so one failing transaction never affects the others.
/// </summary>
internal sealed class TransactionProcessor(SandboxDatabase database, OrderWriter orders, ShipmentWriter shipments, SandboxClock clock, SandboxOptions options)
{
    /// <summary>What P21 answers for a List row that lacks one of its Keys (the .NET text of Enumerable.First).</summary>
    public const string MissingKeyMessage = "Sequence contains no matching element";

    public async Task<TransactionResponse> RunAsync(TransactionRequest request, TransactionDefinition service, CancellationToken cancellationToken)
    {
        var messages = new List<string>();
        var results = new List<TransactionResult>();
        int passed = 0, failed = 0, number = 0;
        foreach (TransactionSet set in request.Transactions ?? [])
        {
            number++;
            try
            {
                WindowInput input = Collapse(set, service, request);
                await using WriteSession session = await database.BeginWriteAsync(cancellationToken);
                List<ResultElement> elements = await DispatchAsync(service.Name, input, session, cancellationToken);
                await session.CommitAsync(cancellationToken);
                messages.Add($"Transaction {number.ToString(CultureInfo.InvariantCulture)}:: ");
                results.Add(new TransactionResult(elements, "Passed"));
                passed++;
            }
            catch (BusinessRuleException ex)
            {
                messages.Add($"Transaction {number.ToString(CultureInfo.InvariantCulture)}:: {ex.Message}");
                results.Add(new TransactionResult([], "Failed"));
                failed++;
            }
        }

        return new TransactionResponse(messages, passed == 0 ? null : new TransactionResults(service.Name, results), new TransactionSummary(passed, failed, 0));
    }

    /// <summary>
    /// Reads complete records by the key given on the first element. P21 answers these at the top level
    /// (<c>{"Transactions":[...]}</c>), not in the write envelope; a record it cannot read comes back Failed and empty.
    /// </summary>
    public async Task<TransactionGetResponse> GetAsync(TransactionRequest request, TransactionDefinition service, CancellationToken cancellationToken)
    {
        var results = new List<TransactionResult>();
        await using WriteSession session = await database.BeginWriteAsync(cancellationToken);
        foreach (TransactionSet set in request.Transactions ?? [])
        {
            try
            {
                WindowInput input = Collapse(set, service, request);
                results.Add(new TransactionResult(await ReadRecordAsync(service, input, session, cancellationToken), "Passed"));
            }
            catch (BusinessRuleException)
            {
                results.Add(new TransactionResult([], "Failed"));
            }
        }

        return new TransactionGetResponse(results);
    }

    private WindowInput Collapse(TransactionSet set, TransactionDefinition service, TransactionRequest request)
    {
        if (set.DataElements is null || set.DataElements.Count == 0)
        {
            throw new BusinessRuleException("No data elements were supplied.");
        }

        var grouped = new Dictionary<string, List<(string?[] Key, Dictionary<string, string?> Row)>>(StringComparer.Ordinal);
        foreach (DataElement element in set.DataElements)
        {
            // A client that posts the definition's whole template sends every tab of the window, mostly empty.
            if (DefinitionDocument.IsUnmodelledTab(service, element.Name))
            {
                if ((element.Rows ?? []).SelectMany(static r => r.Edits ?? []).Any(static e => !string.IsNullOrEmpty(e.Value)))
                {
                    throw new BusinessRuleException($"Data element '{element.Name}' of window {service.Name} is not modelled by the sandbox; send it empty or leave it out.");
                }

                continue;
            }

            DataElementDefinition definition = ServiceCatalog.Element(service, element.Name)
                ?? throw new BusinessRuleException($"Data element '{element.Name}' does not exist in window {service.Name}.");
            List<string> keys = element.Keys is { Count: > 0 } ? element.Keys : definition.KeyFields;
            foreach (string key in keys)
            {
                if (!definition.FieldDefinitions.Any(f => f.Name == key))
                {
                    throw new BusinessRuleException($"Key field '{key}' does not exist in {definition.Name}.");
                }
            }

            if (!grouped.TryGetValue(definition.Name, out List<(string?[] Key, Dictionary<string, string?> Row)>? rows))
            {
                grouped[definition.Name] = rows = [];
            }

            foreach (DataRow row in element.Rows ?? [])
            {
                Dictionary<string, string?> values = Edits(row, definition, request.IgnoreDisabled);

                // P21 looks each key field up among the row's edits with First(): a List row without one fails the whole
                // transaction with the LINQ message (a Form has one row and takes its key from the window).
                if (definition.Type != "Form" && keys.FirstOrDefault(k => !values.ContainsKey(k)) is not null)
                {
                    throw new BusinessRuleException(MissingKeyMessage);
                }

                // Keys act as GROUP BY: a row agreeing on every key field (a Form has one row) merges into the earlier one.
                string?[] keyValues = definition.Type == "Form" ? [] : [.. keys.Select(k => values.GetValueOrDefault(k))];
                int match = rows.FindIndex(r => r.Key.SequenceEqual(keyValues, StringComparer.Ordinal));
                if (match < 0)
                {
                    rows.Add((keyValues, values));
                    continue;
                }

                foreach ((string field, string? value) in values)
                {
                    rows[match].Row[field] = value;
                }
            }
        }

        return new WindowInput(grouped.ToDictionary(static g => g.Key, static g => g.Value.Select(static r => r.Row).ToList(), StringComparer.Ordinal), request.UseCodeValues);
    }

    private Dictionary<string, string?> Edits(DataRow row, DataElementDefinition definition, bool ignoreDisabled)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (FieldEdit edit in row.Edits ?? [])
        {
            if (edit.Name is null && options.LenientTransactionBinding)
            {
                // P21 leaves an edit whose properties did not bind (e.g. lower-case "name") out, without a message.
                continue;
            }

            FieldDefinition field = definition.FieldDefinitions.FirstOrDefault(f => f.Name == edit.Name)
                ?? throw new BusinessRuleException($"Column '{edit.Name}' does not exist in {definition.Name}.");
            if (field.Disabled)
            {
                if (ignoreDisabled)
                {
                    continue;
                }

                throw new BusinessRuleException($"Column '{field.Name}' is disabled and cannot be changed.");
            }

            if (edit.IgnoreIfEmpty == true && string.IsNullOrEmpty(edit.Value))
            {
                continue;
            }

            if (field.ValidValues.Count > 0 && !string.IsNullOrEmpty(edit.Value) && !field.ValidValues.Contains(edit.Value, StringComparer.Ordinal)
                && !(edit.Value is "Y" or "N"))
            {
                throw new BusinessRuleException($"Invalid value '{edit.Value}' for {field.Name}.");
            }

            values[field.Name] = edit.Value ?? string.Empty;
        }

        foreach (RelativeDateEdit edit in row.RelativeDateEdits ?? [])
        {
            FieldDefinition field = definition.FieldDefinitions.FirstOrDefault(f => f.Name == edit.Name && f.DataType == "Datetime")
                ?? throw new BusinessRuleException($"Column '{edit.Name}' is not a date column of {definition.Name}.");
            values[field.Name] = SandboxClock.Store(clock.LocalNow.Date.AddDays(edit.NumberOfDays ?? 0));
        }

        return values;
    }

    private Task<List<ResultElement>> DispatchAsync(string service, WindowInput input, WriteSession session, CancellationToken cancellationToken) => service switch
    {
        "Order" => SaveOrderAsync(input, session, isRma: false, cancellationToken),
        "RMA" => SaveOrderAsync(input, session, isRma: true, cancellationToken),
        "Customer" => CustomerWindow.SaveAsync(input, session, cancellationToken),
        "ShipTo" => ShipToWindow.SaveAsync(input, session, cancellationToken),
        "PurchaseOrder" => PurchaseOrderWindow.SaveAsync(input, session, cancellationToken),
        "Shipping" => SaveShippingAsync(input, session, cancellationToken),
        _ => throw new BusinessRuleException($"Window {service} is not available."),
    };

    private async Task<List<ResultElement>> SaveOrderAsync(WindowInput input, WriteSession session, bool isRma, CancellationToken cancellationToken)
    {
        Dictionary<string, string?> h = input.Form("TABPAGE_1.order");
        var lines = input.Rows("TP_ITEMS.items").Select(static r => new OrderLineDraft(
            WindowInput.Value(r, "oe_order_item_id"), WindowInput.Value(r, "unit_quantity"), WindowInput.Value(r, "user_line_no"), WindowInput.Value(r, "unit_price"))).ToList();
        // The RMA window has no source location on its header: returns come back to the sales location.
        var draft = new OrderDraft(WindowInput.Value(h, "order_no"), WindowInput.Value(h, "customer_id"), WindowInput.Value(h, "sales_loc_id"),
            isRma ? WindowInput.Value(h, "sales_loc_id") : WindowInput.Value(h, "source_loc_id"),
            WindowInput.Value(h, "ship_to_id"), WindowInput.Value(h, "contact_id"), WindowInput.Value(h, "po_no"), WindowInput.Value(h, "taker"), WindowInput.Value(h, "order_date"),
            WindowInput.Value(h, "requested_date"), WindowInput.Value(h, "web_reference_no"), lines, isRma,
            WindowInput.Value(h, "carrier_id"), WindowInput.Value(h, "delivery_instructions"),
            OrderWriter.Ship2Fields.ToDictionary(static f => f, f => WindowInput.Value(h, f), StringComparer.Ordinal), WindowInput.Value(h, "cancel_flag"));
        string orderNo = await orders.SaveAsync(session, draft, cancellationToken);
        return [Echo("TABPAGE_1.order", "Form", ["order_no"], "order_no", orderNo, h)];
    }

    private async Task<List<ResultElement>> SaveShippingAsync(WindowInput input, WriteSession session, CancellationToken cancellationToken)
    {
        Dictionary<string, string?> h = input.Form("TABPAGE_1.tp_1_dw_1");
        string pickText = ValueParsing.Trimmed(WindowInput.Value(h, "pick_ticket_no")) ?? throw new BusinessRuleException("Pick Ticket No is required.");
        decimal pickTicketNo = ValueParsing.Decimal(pickText, "pick_ticket_no")!.Value;
        decimal? carrierId = null;
        if (ValueParsing.Trimmed(WindowInput.Value(h, "carrier_id")) is { } carrierText)
        {
            // With UseCodeValues false P21 expects the carrier's display name; with true, its id.
            (decimal Id, string Name) carrier = ShipmentWriter.Carriers.FirstOrDefault(c => input.UseCodeValues
                ? c.Id.ToString(CultureInfo.InvariantCulture) == carrierText
                : string.Equals(c.Name, carrierText, StringComparison.OrdinalIgnoreCase));
            carrierId = carrier.Name is null ? throw new BusinessRuleException($"Carrier '{carrierText}' is not valid.") : carrier.Id;
        }

        string? createText = ValueParsing.Trimmed(WindowInput.Value(h, "create_invoice"));
        string yes = input.UseCodeValues ? "Y" : "ON", no = input.UseCodeValues ? "N" : "OFF";
        if (createText is not null && createText != yes && createText != no)
        {
            throw new BusinessRuleException($"Invalid value '{createText}' for create_invoice (expected {yes} or {no}).");
        }

        decimal? freight = ValueParsing.Decimal(WindowInput.Value(input.Form("TABPAGE_FREIGHT.tabpage_freight"), "freight_out"), "freight_out");
        string? invoiceNo = await shipments.ConfirmAsync(session, pickTicketNo, carrierId, WindowInput.Value(h, "tracking_no"), freight, createText == yes, cancellationToken);
        ResultElement result = Echo("TABPAGE_1.tp_1_dw_1", "Form", ["pick_ticket_no"], "pick_ticket_no", pickText, h);
        if (invoiceNo is not null)
        {
            result.Rows[0].Edits.Add(new ResultEdit("invoice_no", invoiceNo));
        }

        return [result];
    }

    internal static ResultElement Echo(string element, string type, List<string> keys, string keyField, string keyValue, Dictionary<string, string?> edits)
    {
        var list = new List<ResultEdit> { new(keyField, keyValue) };
        list.AddRange(edits.Where(e => e.Key != keyField).Select(static e => new ResultEdit(e.Key, e.Value)));
        return new ResultElement(element, type, keys, [new ResultRow(list)]);
    }

    private async Task<List<ResultElement>> ReadRecordAsync(TransactionDefinition service, WindowInput input, WriteSession session, CancellationToken cancellationToken)
    {
        DataElementDefinition head = service.DataElementDefinitions[0];
        string keyField = head.KeyFields[0];
        string keyValue = ValueParsing.Trimmed(WindowInput.Value(input.Form(head.Name), keyField)) ?? throw new BusinessRuleException($"{keyField} is required.");
        string keyColumn = head.FieldDefinitions.First(f => f.Name == keyField).DbColumnName;
        Dictionary<string, object?> row = await session.RowAsync($"SELECT * FROM \"{head.BusinessObjectName}\" WHERE \"{keyColumn}\" = $k", cancellationToken, ("$k", keyValue))
            ?? throw new BusinessRuleException($"Record specified was not found ({keyField} {keyValue}).");
        var elements = new List<ResultElement> { new(head.Name, head.Type, head.KeyFields, [Row(head, row)]) };
        foreach (DataElementDefinition child in service.DataElementDefinitions.Skip(1))
        {
            string parentColumn = service.Name == "Customer" ? "customer_id" : keyColumn;
            List<Dictionary<string, object?>> rows = await session.RowsAsync($"SELECT * FROM \"{child.BusinessObjectName}\" WHERE \"{parentColumn}\" = $k", cancellationToken, ("$k", keyValue));
            elements.Add(new ResultElement(child.Name, child.Type, child.KeyFields, [.. rows.Select(r => Row(child, r))]));
        }

        return elements;

        ResultRow Row(DataElementDefinition element, Dictionary<string, object?> values) =>
            new([.. element.FieldDefinitions.Where(f => values.ContainsKey(f.DbColumnName)).Select(f => new ResultEdit(f.Name, Render(values[f.DbColumnName])))]);
    }

    private string? Render(object? value)
    {
        if (value is null)
        {
            return null;
        }

        string text = value is double d ? ((decimal)d).ToString(CultureInfo.InvariantCulture) : Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
        return text.Length == 19 && text[4] == '-' && text[10] == ' ' ? clock.Render(text) : text;
    }
}
