namespace P21.Sandbox.Data;

/// <summary>
/// One <c>p21_view_es_*</c> view: its columns (a <see cref="TableCatalog"/> spec), the SQL that builds it, the tables it
/// joins (all of whose date_last_modified feed <c>max_date_last_modified</c>) and the format of its <c>unique_id</c>.
/// </summary>
internal sealed record EsViewDef(string Name, string Spec, IReadOnlyList<string> Joins, string UniqueIdFormat, string Select)
{
    public TableDef Table { get; } = TableCatalog.Parse(Name, Spec);

    public string Ddl => $"CREATE VIEW IF NOT EXISTS \"{Name}\" AS {Select};\n";
}

/// <summary>
/// The sandbox's es views. Real P21 does not publish their definitions; the joins here are the sandbox's choice
/// (README, "Where the sandbox chose"): each header view joins its UD row and its lines, so a change to any of them
/// moves <c>max_date_last_modified</c>. SQLite's many-argument <c>MAX(a, b, …)</c> is NULL when any argument is, so a
/// missing joined row falls back to the header's own timestamp.
/// </summary>
internal static class EsViewCatalog
{
    // Whole-number ids print without a decimal point (customer_id 10, not 10.0), as P21 shows them.
    private static string Id(string column) => $"CAST(CAST({column} AS INTEGER) AS TEXT)";

    public static IReadOnlyList<EsViewDef> Views { get; } =
    [
        new("p21_view_es_item",
            "unique_id:s255* inv_mast_uid:i item_id:s40 item_desc:s40 delete_flag:s1 max_date_last_modified:t",
            ["inv_mast", "inv_mast_ud"], "inv_mast_uid, e.g. 1234",
            "SELECT CAST(m.inv_mast_uid AS TEXT) AS unique_id, m.inv_mast_uid, m.item_id, m.item_desc, m.delete_flag, m.date_created, m.date_last_modified, "
            + "MAX(m.date_last_modified, COALESCE(u.date_last_modified, m.date_last_modified)) AS max_date_last_modified "
            + "FROM inv_mast m LEFT JOIN inv_mast_ud u ON u.inv_mast_uid = m.inv_mast_uid"),
        new("p21_view_es_customer",
            "unique_id:s255* company_id:s8 customer_id:d customer_name:s50 delete_flag:s1 max_date_last_modified:t",
            ["customer", "customer_ud"], "company_id|customer_id, e.g. 1|10",
            $"SELECT c.company_id || '|' || {Id("c.customer_id")} AS unique_id, c.company_id, c.customer_id, c.customer_name, c.delete_flag, c.date_created, c.date_last_modified, "
            + "MAX(c.date_last_modified, COALESCE(u.date_last_modified, c.date_last_modified)) AS max_date_last_modified "
            + "FROM customer c LEFT JOIN customer_ud u ON u.company_id = c.company_id AND u.customer_id = c.customer_id"),
        new("p21_view_es_sales_order",
            "unique_id:s255* order_no:s8 oe_hdr_uid:i company_id:s8 customer_id:d delete_flag:s1 max_date_last_modified:t",
            ["oe_hdr", "oe_hdr_ud", "oe_line"], "order_no, e.g. 1000123",
            "SELECT h.order_no AS unique_id, h.order_no, h.oe_hdr_uid, h.company_id, h.customer_id, h.delete_flag, h.date_created, h.date_last_modified, "
            + "MAX(h.date_last_modified, COALESCE(u.date_last_modified, h.date_last_modified), "
            + "COALESCE((SELECT MAX(l.date_last_modified) FROM oe_line l WHERE l.order_no = h.order_no), h.date_last_modified)) AS max_date_last_modified "
            + "FROM oe_hdr h LEFT JOIN oe_hdr_ud u ON u.order_no = h.order_no"),
        new("p21_view_es_vendor",
            "unique_id:s255* company_id:s8 vendor_id:d vendor_name:s50 delete_flag:s1 max_date_last_modified:t",
            ["vendor", "address"], "company_id|vendor_id, e.g. 1|20",
            $"SELECT v.company_id || '|' || {Id("v.vendor_id")} AS unique_id, v.company_id, v.vendor_id, v.vendor_name, v.delete_flag, v.date_created, v.date_last_modified, "
            + "MAX(v.date_last_modified, COALESCE(a.date_last_modified, v.date_last_modified)) AS max_date_last_modified "
            + "FROM vendor v LEFT JOIN address a ON a.id = v.vendor_id"),
        new("p21_view_es_invoice_hdr",
            "unique_id:s255* invoice_no:s10 order_no:s8 customer_id:d company_no:s8 max_date_last_modified:t",
            ["invoice_hdr", "invoice_line"], "invoice_no, e.g. 100045",
            "SELECT h.invoice_no AS unique_id, h.invoice_no, h.order_no, h.customer_id, h.company_no, h.date_created, h.date_last_modified, "
            + "MAX(h.date_last_modified, COALESCE((SELECT MAX(l.date_last_modified) FROM invoice_line l WHERE l.invoice_no = h.invoice_no), h.date_last_modified)) AS max_date_last_modified "
            + "FROM invoice_hdr h"),
        new("p21_view_es_ship_to",
            "unique_id:s255* company_id:s8 ship_to_id:d customer_id:d phys_address1:s50 phys_city:s50 phys_state:s50 phys_postal_code:s10 phys_country:s50 delete_flag:s1 max_date_last_modified:t",
            ["ship_to", "address"], "company_id|ship_to_id, e.g. 1|10",
            $"SELECT s.company_id || '|' || {Id("s.ship_to_id")} AS unique_id, s.company_id, s.ship_to_id, s.customer_id, a.phys_address1, a.phys_city, a.phys_state, a.phys_postal_code, a.phys_country, s.delete_flag, s.date_created, s.date_last_modified, "
            + "MAX(s.date_last_modified, COALESCE(a.date_last_modified, s.date_last_modified)) AS max_date_last_modified "
            + "FROM ship_to s LEFT JOIN address a ON a.id = s.ship_to_id"),
    ];
}
