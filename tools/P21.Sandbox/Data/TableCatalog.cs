namespace P21.Sandbox.Data;

/// <summary>Column storage kinds; each maps to one SQLite declared type and one EDM type.</summary>
internal enum ColumnKind
{
    Int,
    Decimal,
    Text,
    DateTime,
}

/// <summary>How a table marks soft-deleted rows.</summary>
internal enum SoftDelete
{
    None,
    DeleteFlag,
    RowStatusFlag,
}

internal sealed record ColumnDef(string Name, ColumnKind Kind, int Length);

internal sealed record TableDef(string Name, IReadOnlyList<string> Key, IReadOnlyList<ColumnDef> Columns, SoftDelete SoftDelete)
{
    public ColumnDef? Column(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// The simulated P21 schema, with P21's own column names. A compact spec keeps it readable:
/// <c>name:type</c> where type is s&lt;len&gt; (varchar), i (int), d (decimal), t (datetime); a trailing * marks a key column.
/// date_created and date_last_modified are appended to every table.
/// </summary>
internal static class TableCatalog
{
    public const string DeletedFlag = "Y";
    public const int RowStatusActive = 704;
    public const int RowStatusInactive = 705;
    public const int RowStatusDeleted = 700;

    private static readonly (string Name, string Spec)[] Specs =
    [
        ("customer", "company_id:s8* customer_id:d* customer_name:s50 salesrep_id:s16 terms_id:s8 credit_limit:d credit_limit_used:d credit_status:s8 taxable_flag:s1 class_1id:s8 class_2id:s8 class_3id:s8 class_4id:s8 class_5id:s8 price_library_id:s8 currency_id:d web_enabled_flag:s1 customer_type_cd:i customer_uid:i delete_flag:s1"),
        ("address", "id:d* name:s50 mail_address1:s50 mail_address2:s50 mail_address3:s50 mail_city:s50 mail_state:s50 mail_postal_code:s10 mail_country:s50 phys_address1:s50 phys_address2:s50 phys_city:s50 phys_state:s50 phys_postal_code:s10 phys_country:s50 central_phone_number:s20 email_address:s255 corp_address_id:d delete_flag:s1"),
        ("ship_to", "company_id:s8* ship_to_id:d* customer_id:d default_branch:s8 tax_group_id:s10 terms_id:s8 default_carrier_id:d ship_to_uid:i delete_flag:s1"),
        ("contacts", "id:s16* company_id:s8 address_id:d first_name:s15 last_name:s24 email_address:s255 direct_phone:s20 cellular:s20 delete_flag:s1"),
        ("inv_mast", "inv_mast_uid:i* item_id:s40 item_desc:s40 extended_desc:s255 keywords:s255 default_selling_unit:s8 base_unit:s8 default_product_group:s8 class_id1:s8 weight:d net_weight:d upc_or_ean:s20 price1:d price2:d price3:d suppress_from_web_flag:s1 inactive:s1 discontinued_date:t other_charge_item:s1 delete_flag:s1"),
        ("inv_loc", "company_id:s8 location_id:d* inv_mast_uid:i* item_id:s40 qty_on_hand:d qty_allocated:d qty_backordered:d qty_in_transit:d qty_in_process:d sellable:s1 stockable:s1 discontinued:s1 primary_bin:s10 primary_supplier_id:d product_group_id:s8 price1:d moving_average_cost:d standard_cost:d inv_last_changed_date:t delete_flag:s1"),
        ("location", "company_id:s8* location_id:d* location_name:s40 default_branch_id:s8 server_time_zone_offset:i delete_flag:s1"),
        ("product_group", "company_id:s8* product_group_id:s8* product_group_desc:s40 delete_flag:s1"),
        ("price_page", "price_page_uid:i* price_page_type_cd:i description:s40 inv_mast_uid:i supplier_id:d customer_id:d product_group_id:s8 calculation_method_cd:i effective_date:t expiration_date:t break1:d break2:d break3:d break4:d calculation_value1:d calculation_value2:d calculation_value3:d calculation_value4:d calculation_value5:d row_status_flag:i"),
        ("price_book", "price_book_uid:i* price_book_id:s40 description:s40 row_status_flag:i"),
        ("price_page_x_book", "price_page_x_book_uid:i* price_page_uid:i price_book_uid:i row_status_flag:i"),
        ("price_library", "price_library_uid:i* price_library_id:s8 description:s40 row_status_flag:i"),
        ("price_library_x_book", "price_library_x_book_uid:i* price_library_uid:i price_book_uid:i sequence_no:i row_status_flag:i"),
        ("vendor", "company_id:s8* vendor_id:d* vendor_name:s50 delete_flag:s1"),
        ("supplier", "supplier_id:d* supplier_name:s50 delete_flag:s1"),
        ("vendor_supplier", "company_id:s8* vendor_id:d* supplier_id:d* delete_flag:s1"),
        ("po_hdr", "po_no:d* po_hdr_uid:i company_no:s8 vendor_id:d supplier_id:d location_id:d order_date:t date_due:t expected_date:t po_type:s1 approved:s1 complete:s1 cancel_flag:s1 tracking_no:s40 external_po_no:s40 delete_flag:s1"),
        ("po_line", "po_no:d* line_no:i* po_line_uid:i company_no:s8 inv_mast_uid:i item_id:s40 qty_ordered:d qty_received:d unit_price:d date_due:t supplier_ship_date:t complete:s1 cancel_flag:s1 delete_flag:s1"),
        ("oe_hdr", "order_no:s8* oe_hdr_uid:i company_id:s8 customer_id:d ship_to_id:d contact_id:s16 order_date:t requested_date:t po_no:s50 taker:s30 approved:s1 completed:s1 cancel_flag:s1 location_id:d source_location_id:d carrier_id:d ship2_name:s50 ship2_add1:s50 ship2_add2:s50 ship2_city:s50 ship2_state:s50 ship2_zip:s10 ship2_country:s50 ship2_email_address:s255 web_reference_no:s255 delivery_instructions:s255 tax_amount:d rma_flag:s1 delete_flag:s1"),
        ("oe_line", "order_no:s8* line_no:d* oe_line_uid:i company_no:s8 inv_mast_uid:i item_id:s40 qty_ordered:d qty_allocated:d qty_on_pick_tickets:d qty_invoiced:d qty_canceled:d unit_price:d extended_price:d unit_quantity:d unit_of_measure:s8 user_line_no:i manual_price_overide:s1 source_loc_id:d complete:s1 cancel_flag:s1 delete_flag:s1"),
        ("oe_pick_ticket", "pick_ticket_no:d* company_id:s8 order_no:s8 location_id:d carrier_id:d tracking_no:s40 ship_date:t invoice_no:s10 freight_out:d printed_flag:s1 delete_flag:s1"),
        ("oe_pick_ticket_detail", "pick_ticket_no:d* line_number:d* oe_line_no:d inv_mast_uid:i item_id:s40 qty_to_pick:d ship_quantity:d invoice_line_uid:i unit_of_measure:s8 delete_flag:s1"),
        ("invoice_hdr", "invoice_no:s10* company_no:s8 order_no:s8 customer_id:d ship_to_id:d po_no:s50 invoice_date:t ship_date:t total_amount:d amount_paid:d paid_in_full_flag:s1 tax_amount:d freight:d"),
        ("invoice_line", "invoice_no:s10* line_no:d* invoice_line_uid:i inv_mast_uid:i item_id:s40 qty_shipped:d unit_price:d extended_price:d oe_line_number:d"),
        ("gl", "gl_uid:i* company_no:s8 transaction_number:d account_number:s32 period:i year_for_period:i journal_id:s8 amount:d foreign_amount:d description:s255 source:s40 transaction_date:t approved:s1"),
        ("customer_ud", "company_id:s8* customer_id:d* customer_ud_uid:i ecommerce_customer_id:s40"),
        ("inv_mast_ud", "inv_mast_uid:i* inv_mast_ud_uid:i web_category:s40"),
        ("oe_hdr_ud", "order_no:s8* oe_hdr_ud_uid:i ecommerce_order_id:s40"),
    ];

    /// <summary>Base tables served under /odataservice/odata/table.</summary>
    public static IReadOnlyList<TableDef> Tables { get; } = [.. Specs.Select(static s => Parse(s.Name, s.Spec))];

    /// <summary>Views served under /odataservice/odata/view, each mirroring one base table.</summary>
    public static IReadOnlyDictionary<string, string> Views { get; } = new[]
    {
        "customer", "address", "ship_to", "contacts", "inv_mast", "inv_loc", "location", "vendor", "supplier", "price_page",
        "po_hdr", "po_line", "oe_hdr", "oe_line", "oe_pick_ticket", "oe_pick_ticket_detail", "invoice_hdr", "invoice_line",
    }.ToDictionary(static t => "p21_view_" + t, static t => t, StringComparer.Ordinal);

    /// <summary>
    /// The <c>p21_view_es_*</c> "enterprise search" views: each joins a header table with the tables named in
    /// <see cref="EsViewDef.Joins"/> and adds <c>unique_id</c> and <c>max_date_last_modified</c> (the latest
    /// date_last_modified of the row and every joined row). Served under /odataservice/odata/view, read-only.
    /// </summary>
    public static IReadOnlyList<EsViewDef> EsViews { get; } = EsViewCatalog.Views;

    /// <summary>Whether <paramref name="name"/> is served on the view path (a mirror view or an es view).</summary>
    public static bool IsView(string name) => Views.ContainsKey(name) || IsEsView(name);

    /// <summary>Whether <paramref name="name"/> is one of the <see cref="EsViews"/>.</summary>
    public static bool IsEsView(string name) => EsViews.Any(v => string.Equals(v.Name, name, StringComparison.Ordinal));

    public static TableDef Table(string name) => Tables.First(t => t.Name == name);

    public static string SqlType(ColumnKind kind, int length) => kind switch
    {
        ColumnKind.Int => "INT",
        ColumnKind.Decimal => "DECIMAL(19,4)",
        ColumnKind.DateTime => "DATETIME",
        _ => $"VARCHAR({length})",
    };

    /// <summary>Maps a SQLite declared type back to a column kind (used for *_ud columns added at run time).</summary>
    public static ColumnKind KindOf(string declaredType)
    {
        string t = declaredType.ToUpperInvariant();
        return t switch
        {
            _ when t.StartsWith("INT", StringComparison.Ordinal) => ColumnKind.Int,
            _ when t.StartsWith("DEC", StringComparison.Ordinal) || t.StartsWith("NUM", StringComparison.Ordinal) || t.StartsWith("REAL", StringComparison.Ordinal) => ColumnKind.Decimal,
            _ when t.StartsWith("DATE", StringComparison.Ordinal) => ColumnKind.DateTime,
            _ => ColumnKind.Text,
        };
    }

    /// <summary>Parses a compact column spec (see the class remarks); date_created and date_last_modified are appended.</summary>
    public static TableDef Parse(string name, string spec)
    {
        var columns = new List<ColumnDef>();
        var key = new List<string>();
        foreach (string token in spec.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = token.TrimEnd('*').Split(':');
            string type = parts[1];
            ColumnKind kind = type[0] switch
            {
                'i' => ColumnKind.Int,
                'd' => ColumnKind.Decimal,
                't' => ColumnKind.DateTime,
                _ => ColumnKind.Text,
            };
            int length = kind == ColumnKind.Text ? int.Parse(type[1..], System.Globalization.CultureInfo.InvariantCulture) : 0;
            columns.Add(new ColumnDef(parts[0], kind, length));
            if (token.EndsWith('*'))
            {
                key.Add(parts[0]);
            }
        }

        columns.Add(new ColumnDef("date_created", ColumnKind.DateTime, 0));
        columns.Add(new ColumnDef("date_last_modified", ColumnKind.DateTime, 0));
        SoftDelete soft = columns.Any(static c => c.Name == "delete_flag") ? SoftDelete.DeleteFlag
            : columns.Any(static c => c.Name == "row_status_flag") ? SoftDelete.RowStatusFlag : SoftDelete.None;
        return new TableDef(name, key, columns, soft);
    }
}
