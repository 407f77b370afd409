namespace P21.Sandbox.Transactions;

/// <summary>The Transaction API services the sandbox knows, with their windows' data elements and fields.</summary>
internal static class ServiceCatalog
{
    public static IReadOnlyDictionary<string, TransactionDefinition> Services { get; } = new Dictionary<string, TransactionDefinition>(StringComparer.Ordinal)
    {
        ["Order"] = new("Order",
        [
            // Required as P21's Order definition marks it (p21-api.md): company_id Required though disabled, ship_to_id not.
            Form("TABPAGE_1.order", "oe_hdr", ["order_no"],
                F("order_no"), F("customer_id", "Decimal", required: true), F("company_id", required: true, disabled: true), F("sales_loc_id", "Decimal", required: true, db: "location_id"),
                F("source_loc_id", "Decimal", required: true, db: "source_location_id"), F("ship_to_id", "Decimal"), F("contact_id"), F("po_no"), F("taker"),
                F("order_date", "Datetime"), F("requested_date", "Datetime"), F("web_reference_no"), F("c_tracking_no", disabled: true), F("carrier_id", "Decimal"),
                F("ship2_name"), F("ship2_add1"), F("ship2_add2"), F("ship2_city"), F("ship2_state"), F("ship2_zip"), F("ship2_country"), F("ship2_email_address"),
                F("delivery_instructions"), F("cancel_flag", values: ["Y", "N"])),
            List("TP_ITEMS.items", "oe_line", ["oe_order_item_id"],
                F("oe_order_item_id", required: true, db: "item_id"), F("unit_quantity", "Decimal", required: true), F("user_line_no", "Decimal"), F("unit_price", "Decimal"),
                F("manual_price_override", values: ["ON", "OFF"], db: "manual_price_overide")),
        ]),
        // The RMA window is Order Entry for returns: same header and line elements, positive return quantities.
        ["RMA"] = new("RMA",
        [
            Form("TABPAGE_1.order", "oe_hdr", ["order_no"],
                F("order_no"), F("customer_id", "Decimal", required: true), F("company_id", disabled: true), F("sales_loc_id", "Decimal", required: true, db: "location_id"),
                F("ship_to_id", "Decimal", required: true), F("contact_id"), F("po_no"), F("taker"), F("order_date", "Datetime"), F("web_reference_no"),
                F("order_type", disabled: true, db: "rma_flag")),
            List("TP_ITEMS.items", "oe_line", ["oe_order_item_id"],
                F("oe_order_item_id", required: true, db: "item_id"), F("unit_quantity", "Decimal", required: true), F("user_line_no", "Decimal"), F("unit_price", "Decimal"),
                F("manual_price_override", values: ["ON", "OFF"], db: "manual_price_overide")),
        ]),
        ["Customer"] = new("Customer",
        [
            Form("TABPAGE_1.tp_1_dw_1", "customer", ["customer_id"],
                F("customer_id", "Decimal"), F("customer_name", required: true), F("salesrep_id", required: true), F("terms_id"), F("mail_address1"), F("mail_address2"), F("mail_city"),
                F("mail_state"), F("mail_postal_code"), F("mail_country"), F("central_phone_number"), F("email_address"), F("company_id", disabled: true),
                F("class_1id"), F("class_2id"), F("class_3id"), F("class_4id"), F("class_5id")),
            Form("SHIP_TO_GENERAL.ship_to_general", "ship_to", [], F("default_branch", required: true)),
        ]),
        // Ship To maintenance: a new ship-to (and its address row) for an existing customer.
        ["ShipTo"] = new("ShipTo",
        [
            Form("TABPAGE_1.tp_1_dw_1", "ship_to", ["ship_to_id"],
                F("ship_to_id", "Decimal"), F("customer_id", "Decimal", required: true), F("name", required: true), F("mail_address1", required: true), F("mail_address2"),
                F("mail_city"), F("mail_state"), F("mail_postal_code"), F("mail_country"), F("central_phone_number"), F("email_address"), F("default_branch", required: true),
                F("company_id", disabled: true)),
        ]),
        ["PurchaseOrder"] = new("PurchaseOrder",
        [
            Form("TABPAGE_1.tp_1_dw_1", "po_hdr", ["po_no"],
                F("po_no", "Decimal"), F("location_id", "Decimal", required: true), F("vendor_id", "Decimal", required: true), F("vendor_supplier_id", "Decimal", required: true, db: "supplier_id"),
                F("po_hdr_po_type", disabled: true, db: "po_type"), F("expected_date", "Datetime"), F("external_po_no")),
            List("TABPAGE_17.tp_17_dw_17", "po_line", ["item_id"], F("line_no", "Decimal"), F("item_id", required: true), F("unit_quantity", "Decimal", required: true, db: "qty_ordered")),
        ]),
        ["Shipping"] = new("Shipping",
        [
            Form("TABPAGE_1.tp_1_dw_1", "oe_pick_ticket", ["pick_ticket_no"],
                F("pick_ticket_no", "Decimal", required: true), F("carrier_id", "Decimal"), F("tracking_no"), F("create_invoice", values: ["ON", "OFF"]), F("ship_date", "Datetime")),
            Form("TABPAGE_FREIGHT.tabpage_freight", "oe_pick_ticket", [], F("freight_out", "Decimal")),
        ]),
    };

    public static DataElementDefinition? Element(TransactionDefinition service, string? name) =>
        service.DataElementDefinitions.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.Ordinal));

    /// <summary>A request skeleton a client can fill in (one row per element, every field empty).</summary>
    public static TransactionRequest Template(TransactionDefinition service) => new(service.Name, false, false,
    [
        new TransactionSet("New", [.. service.DataElementDefinitions.Select(static e => new DataElement(e.Name, e.Type, [.. e.KeyFields],
            [new DataRow([.. e.FieldDefinitions.Where(static f => !f.Disabled).Select(static f => new FieldEdit(f.Name, string.Empty, null))], [])]))]),
    ]);

    private static DataElementDefinition Form(string name, string businessObject, List<string> keys, params FieldDefinition[] fields) => new(name, "Form", businessObject, keys, [.. fields]);

    private static DataElementDefinition List(string name, string businessObject, List<string> keys, params FieldDefinition[] fields) => new(name, "List", businessObject, keys, [.. fields]);

    private static FieldDefinition F(string name, string type = "Char", bool required = false, bool disabled = false, List<string>? values = null, string? db = null) =>
        new(name, db ?? name, type, required, disabled, values ?? []);
}
