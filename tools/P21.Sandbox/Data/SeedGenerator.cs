using System.Globalization;

using Microsoft.Data.Sqlite;

namespace P21.Sandbox.Data;

/// <summary>
/// Fills a fresh database with a deterministic fastener wholesaler: warehouses, vendors, items with stock and
/// quantity-break prices, customers with ship-tos and contacts, sales orders (some picked, some invoiced) and POs.
/// Rows are generated and inserted one at a time inside one transaction, so size is bounded by disk, not memory.
/// </summary>
internal sealed class SeedGenerator(SandboxOptions options, SqliteConnection connection) : IAsyncDisposable
{
    public const string CompanyId = "1";
    public const int FirstOrderNo = 1_000_000;
    public const int FirstPickTicketNo = 500_000;
    public const int FirstInvoiceNo = 3_000_000;
    public const int FirstPoNo = 40_000;
    public const int CustomerBase = 100_000;

    private static readonly DateTime Epoch = new(2025, 1, 2, 7, 0, 0, DateTimeKind.Unspecified);
    private static readonly string[] LocationNames = ["Houston Main Warehouse", "Chicago Distribution Center", "Atlanta Branch", "Phoenix Branch", "Denver Branch", "Charlotte Branch", "Tulsa Branch"];
    private static readonly string[] CompanyWords = ["Acme", "Summit", "Gulf Coast", "Lone Star", "Ironworks", "Keystone", "Pioneer", "Apex", "Redline", "Bayou", "Granite", "Frontier", "Harbor", "Titan", "Prairie"];
    private static readonly string[] CompanyKinds = ["Construction", "Steel Erectors", "Mechanical", "Fabrication", "Industrial Supply", "Contractors", "Millwrights", "Electric", "Builders", "Maintenance"];
    private static readonly string[] VendorNames = ["Midwest Bolt Supply", "Atlas Fastener Mfg", "Pacific Screw Works", "Eagle Anchor Systems", "Great Lakes Nut Co", "Southern Washer Corp", "Precision Rod Inc", "Liberty Threaded Products"];
    private static readonly string[] FirstNames = ["Maria", "James", "Linda", "Robert", "Patricia", "Michael", "Jennifer", "David", "Carlos", "Aisha"];
    private static readonly string[] LastNames = ["Garcia", "Smith", "Johnson", "Nguyen", "Brown", "Davis", "Martinez", "Lopez", "Wilson", "Patel"];
    private static readonly string[] Cities = ["Houston|TX|77002", "Dallas|TX|75201", "Chicago|IL|60601", "Atlanta|GA|30303", "Phoenix|AZ|85004", "Denver|CO|80202", "Tulsa|OK|74103"];
    private static readonly string[] Takers = ["JSMITH", "MGARCIA", "ESTORE"];

    private SqliteTransaction? _transaction;

    public static int LocationId(int l) => 10 * l;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        int customers = options.Customers, items = options.Items, locations = options.Locations, vendors = options.Vendors;
        int extraShipTos = customers / 3;
        long vendorBase = CustomerBase + customers + extraShipTos;

        await SeedLocationsAsync(locations);
        await SeedProductGroupsAsync();
        await SeedVendorsAsync(vendors, vendorBase);
        await SeedPricingAsync(items, customers);
        await SeedItemsAsync(items, locations, vendors, vendorBase);
        if (options.OtherChargeItems)
        {
            await SeedOtherChargeItemsAsync(items);
        }

        await SeedCustomersAsync(customers);
        await SeedOrdersAsync(customers, items, locations);
        await SeedPurchaseOrdersAsync(items, locations, vendors, vendorBase);

        await _transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }
    }

    private BulkInserter Insert(string table, params string[] columns) => new(connection, _transaction!, table, columns);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private static string Stamp(DateTime time) => SandboxClock.Store(time);

    private static string Stamp(long seconds) => Stamp(Epoch.AddSeconds(seconds));

    /// <summary>SplitMix64 over (seed, salt, index): a stable pseudo-random number in [0, 1).</summary>
    private double U(int salt, long index)
    {
        ulong z = unchecked(((ulong)(uint)options.Seed << 32) ^ ((ulong)(uint)salt << 48) ^ (ulong)index);
        z = unchecked(z + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }

    private int R(int salt, long index, int max) => (int)(U(salt, index) * max);

    private async Task SeedLocationsAsync(int locations)
    {
        await using BulkInserter location = Insert("location", "company_id", "location_id", "location_name", "default_branch_id", "server_time_zone_offset", "delete_flag", "date_created", "date_last_modified");
        for (int l = 1; l <= locations; l++)
        {
            string name = l <= LocationNames.Length ? LocationNames[l - 1] : $"Branch {l.ToString(CultureInfo.InvariantCulture)}";
            location.Insert(CompanyId, LocationId(l), name, LocationId(l).ToString(CultureInfo.InvariantCulture), (int)options.UtcOffset.TotalHours, "N", Stamp(0), Stamp(0));
        }
    }

    private async Task SeedProductGroupsAsync()
    {
        await using BulkInserter group = Insert("product_group", "company_id", "product_group_id", "product_group_desc", "delete_flag", "date_created", "date_last_modified");
        foreach (string id in FastenerCatalog.ProductGroups)
        {
            group.Insert(CompanyId, id, CultureInfo.InvariantCulture.TextInfo.ToTitleCase(id.ToLowerInvariant()), "N", Stamp(0), Stamp(0));
        }
    }

    private async Task SeedVendorsAsync(int vendors, long vendorBase)
    {
        await using BulkInserter vendor = Insert("vendor", "company_id", "vendor_id", "vendor_name", "delete_flag", "date_created", "date_last_modified");
        await using BulkInserter supplier = Insert("supplier", "supplier_id", "supplier_name", "delete_flag", "date_created", "date_last_modified");
        await using BulkInserter link = Insert("vendor_supplier", "company_id", "vendor_id", "supplier_id", "delete_flag", "date_created", "date_last_modified");
        await using BulkInserter address = Insert("address", "id", "name", "mail_address1", "mail_city", "mail_state", "mail_postal_code", "mail_country", "central_phone_number", "delete_flag", "date_created", "date_last_modified");
        for (int v = 1; v <= vendors; v++)
        {
            long vendorId = vendorBase + v, supplierId = vendorBase + vendors + v;
            string name = v <= VendorNames.Length ? VendorNames[v - 1] : $"{VendorNames[(v - 1) % VendorNames.Length]} {v.ToString(CultureInfo.InvariantCulture)}";
            string stamp = Stamp(v * 60L);
            string[] city = Cities[v % Cities.Length].Split('|');
            vendor.Insert(CompanyId, vendorId, name, "N", stamp, stamp);
            supplier.Insert(supplierId, name, "N", stamp, stamp);
            link.Insert(CompanyId, vendorId, supplierId, "N", stamp, stamp);
            address.Insert(vendorId, name, $"{100 + v} Industrial Pkwy", city[0], city[1], city[2], "USA", "555-0100", "N", stamp, stamp);
            address.Insert(supplierId, name, $"{100 + v} Industrial Pkwy", city[0], city[1], city[2], "USA", "555-0100", "N", stamp, stamp);
        }
    }

    private async Task SeedPricingAsync(int items, int customers)
    {
        string stamp = Stamp(0);
        await using BulkInserter book = Insert("price_book", "price_book_uid", "price_book_id", "description", "row_status_flag", "date_created", "date_last_modified");
        await using BulkInserter library = Insert("price_library", "price_library_uid", "price_library_id", "description", "row_status_flag", "date_created", "date_last_modified");
        await using BulkInserter libraryBook = Insert("price_library_x_book", "price_library_x_book_uid", "price_library_uid", "price_book_uid", "sequence_no", "row_status_flag", "date_created", "date_last_modified");
        book.Insert(1, "LIST", "List price breaks", TableCatalog.RowStatusActive, stamp, stamp);
        book.Insert(2, "CONTRACTOR", "Contractor pricing", TableCatalog.RowStatusActive, stamp, stamp);
        library.Insert(1, "RETAIL", "Retail and web", TableCatalog.RowStatusActive, stamp, stamp);
        // Library ids are varchar(8), so WHOLSALE.
        library.Insert(2, "WHOLSALE", "Contractor accounts", TableCatalog.RowStatusActive, stamp, stamp);
        libraryBook.Insert(1, 1, 1, 1, TableCatalog.RowStatusActive, stamp, stamp);
        libraryBook.Insert(2, 2, 2, 1, TableCatalog.RowStatusActive, stamp, stamp);
        libraryBook.Insert(3, 2, 1, 2, TableCatalog.RowStatusActive, stamp, stamp);

        // Every other item has a quantity-break page in the LIST book; every 10th a contractor page too.
        await using BulkInserter page = Insert("price_page", "price_page_uid", "price_page_type_cd", "description", "inv_mast_uid", "product_group_id", "calculation_method_cd",
            "effective_date", "expiration_date", "break1", "break2", "break3", "calculation_value1", "calculation_value2", "calculation_value3", "calculation_value4", "row_status_flag", "date_created", "date_last_modified");
        await using BulkInserter pageBook = Insert("price_page_x_book", "price_page_x_book_uid", "price_page_uid", "price_book_uid", "row_status_flag", "date_created", "date_last_modified");
        int uid = 0;
        for (int i = 1; i <= items; i++)
        {
            if (i % 2 == 1)
            {
                continue;
            }

            decimal price = FastenerCatalog.Price(i);
            int status = i % 50 == 0 ? TableCatalog.RowStatusDeleted : i % 34 == 0 ? TableCatalog.RowStatusInactive : TableCatalog.RowStatusActive;
            string s = Stamp(i * 120L);
            uid++;
            page.Insert(uid, 1, Truncate($"Qty breaks {FastenerCatalog.ItemId(i)}", 40), i, FastenerCatalog.ProductGroup(i), 2,
                "2025-01-01 00:00:00", "2049-12-31 00:00:00", 100m, 500m, 1000m, price, Math.Round(price * 0.95m, 4), Math.Round(price * 0.9m, 4), Math.Round(price * 0.85m, 4), status, s, s);
            pageBook.Insert(uid, uid, 1, TableCatalog.RowStatusActive, s, s);
            if (i % 10 == 0)
            {
                uid++;
                page.Insert(uid, 1, "Contractor net", i, FastenerCatalog.ProductGroup(i), 2, "2025-01-01 00:00:00", "2049-12-31 00:00:00", 250m, null, null,
                    Math.Round(price * 0.8m, 4), Math.Round(price * 0.75m, 4), null, null, TableCatalog.RowStatusActive, s, s);
                pageBook.Insert(uid, uid, 2, TableCatalog.RowStatusActive, s, s);
            }

            if (i % 30 == 0)
            {
                // A promotion that has ended: the price engine must skip it, the feed shows it with its dates.
                uid++;
                page.Insert(uid, 1, "Winter promo", i, FastenerCatalog.ProductGroup(i), 2, "2025-01-01 00:00:00", "2025-02-28 00:00:00", null, null, null,
                    Math.Round(price * 0.5m, 4), null, null, null, TableCatalog.RowStatusActive, s, s);
                pageBook.Insert(uid, uid, 1, TableCatalog.RowStatusActive, s, s);
            }
        }

        // Product-group multipliers in the contractor book, below any item page of the library.
        await using BulkInserter groupPage = Insert("price_page", "price_page_uid", "price_page_type_cd", "description", "product_group_id", "calculation_method_cd",
            "effective_date", "expiration_date", "break1", "calculation_value1", "calculation_value2", "row_status_flag", "date_created", "date_last_modified");
        foreach (string group in FastenerCatalog.ProductGroups)
        {
            uid++;
            groupPage.Insert(uid, 1, Truncate($"Contractor {group}", 40), group, 1, "2025-01-01 00:00:00", null, 500m, 0.88m, 0.85m, TableCatalog.RowStatusActive, stamp, stamp);
            pageBook.Insert(uid, uid, 2, TableCatalog.RowStatusActive, stamp, stamp);
        }

        // Customer pages (types 211 Customer / Item and 210 Customer), in no book: they reach only their customer.
        await using BulkInserter customerPage = Insert("price_page", "price_page_uid", "price_page_type_cd", "description", "customer_id", "inv_mast_uid", "product_group_id", "calculation_method_cd",
            "effective_date", "expiration_date", "break1", "calculation_value1", "calculation_value2", "row_status_flag", "date_created", "date_last_modified");
        for (int c = 3; c <= customers; c += 7)
        {
            int item = ((c * 13) % items) + 1;
            decimal price = FastenerCatalog.Price(item);
            uid++;
            customerPage.Insert(uid, 211, Truncate($"Contract {FastenerCatalog.ItemId(item)}", 40), CustomerBase + c, item, FastenerCatalog.ProductGroup(item), 2,
                "2025-01-01 00:00:00", null, 50m, Math.Round(price * 0.7m, 4), Math.Round(price * 0.65m, 4), TableCatalog.RowStatusActive, stamp, stamp);
            if (c % 2 == 1)
            {
                string group = FastenerCatalog.ProductGroups[c % FastenerCatalog.ProductGroups.Count];
                uid++;
                customerPage.Insert(uid, 210, Truncate($"Account {group}", 40), CustomerBase + c, null, group, 1, "2025-01-01 00:00:00", null, null, 0.9m, null,
                    TableCatalog.RowStatusActive, stamp, stamp);
            }
        }
    }

    private async Task SeedItemsAsync(int items, int locations, int vendors, long vendorBase)
    {
        await using BulkInserter mast = Insert("inv_mast", "inv_mast_uid", "item_id", "item_desc", "extended_desc", "keywords", "default_selling_unit", "base_unit", "default_product_group", "class_id1",
            "weight", "net_weight", "upc_or_ean", "price1", "price2", "price3", "suppress_from_web_flag", "inactive", "delete_flag", "date_created", "date_last_modified");
        await using BulkInserter loc = Insert("inv_loc", "company_id", "location_id", "inv_mast_uid", "item_id", "qty_on_hand", "qty_allocated", "qty_backordered", "qty_in_transit", "qty_in_process",
            "sellable", "stockable", "discontinued", "primary_bin", "primary_supplier_id", "product_group_id", "price1", "moving_average_cost", "standard_cost", "inv_last_changed_date", "delete_flag", "date_created", "date_last_modified");
        await using BulkInserter ud = Insert("inv_mast_ud", "inv_mast_uid", "inv_mast_ud_uid", "web_category", "date_created", "date_last_modified");
        for (int i = 1; i <= items; i++)
        {
            string itemId = FastenerCatalog.ItemId(i);
            decimal price = FastenerCatalog.Price(i);
            string group = FastenerCatalog.ProductGroup(i);
            long created = i * 300L;
            string c = Stamp(created), m = Stamp(created + R(1, i, 86_400 * 30));
            string deleted = i % 40 == 0 ? "Y" : "N";
            mast.Insert(i, itemId, FastenerCatalog.Description(i), $"{FastenerCatalog.Description(i)}, grade 5, packaged for industrial resale", $"{group.ToLowerInvariant()} fastener",
                FastenerCatalog.Unit(i), FastenerCatalog.Unit(i), group, group, FastenerCatalog.Weight(i), FastenerCatalog.Weight(i), $"0{(700_000_000_000L + i).ToString(CultureInfo.InvariantCulture)}",
                price, Math.Round(price * 0.9m, 2), Math.Round(price * 0.8m, 2), i % 17 == 0 ? "Y" : "N", "N", deleted, c, m);
            ud.Insert(i, i, group, c, c);
            for (int l = 1; l <= locations; l++)
            {
                long key = ((long)i * 64) + l;
                int onHand = R(2, key, 10) == 0 ? 0 : R(3, key, 5000);
                decimal cost = Math.Round(price * 0.55m, 4);
                loc.Insert(CompanyId, LocationId(l), i, itemId, onHand, 0, 0, R(4, key, 4) == 0 ? R(5, key, 200) : 0, 0, "Y", "Y", "N",
                    $"{(char)('A' + (i % 6))}-{(i % 40) + 1:D2}-{(i % 5) + 1:D2}", vendorBase + vendors + 1 + (i % vendors), group, price, cost, cost, m, deleted, c, m);
            }
        }
    }

    /// <summary>The other-charge items web orders use for their charges (see <see cref="SandboxOptions.OtherChargeItems"/>).</summary>
    public static readonly string[] OtherChargeItemIds = ["FREIGHT", "HANDLING", "GIFTWRAP", "FEE", "GIFTCARD", "DISCOUNT"];

    private async Task SeedOtherChargeItemsAsync(int items)
    {
        await using BulkInserter mast = Insert("inv_mast", "inv_mast_uid", "item_id", "item_desc", "default_selling_unit", "base_unit", "price1", "suppress_from_web_flag", "inactive",
            "other_charge_item", "delete_flag", "date_created", "date_last_modified");
        for (int i = 0; i < OtherChargeItemIds.Length; i++)
        {
            string c = Stamp(0);
            mast.Insert(items + 1 + i, OtherChargeItemIds[i], $"{OtherChargeItemIds[i]} (other charge)", "EA", "EA", 0m, "Y", "N", "Y", "N", c, c);
        }
    }

    private async Task SeedCustomersAsync(int customers)
    {
        await using BulkInserter customer = Insert("customer", "company_id", "customer_id", "customer_name", "salesrep_id", "terms_id", "credit_limit", "credit_limit_used", "credit_status",
            "taxable_flag", "class_1id", "price_library_id", "currency_id", "web_enabled_flag", "customer_type_cd", "customer_uid", "delete_flag", "date_created", "date_last_modified");
        await using BulkInserter address = Insert("address", "id", "name", "mail_address1", "mail_city", "mail_state", "mail_postal_code", "mail_country", "phys_address1", "phys_city", "phys_state",
            "phys_postal_code", "phys_country", "central_phone_number", "email_address", "corp_address_id", "delete_flag", "date_created", "date_last_modified");
        await using BulkInserter shipTo = Insert("ship_to", "company_id", "ship_to_id", "customer_id", "default_branch", "tax_group_id", "terms_id", "default_carrier_id", "ship_to_uid", "delete_flag", "date_created", "date_last_modified");
        await using BulkInserter contact = Insert("contacts", "id", "company_id", "address_id", "first_name", "last_name", "email_address", "direct_phone", "cellular", "delete_flag", "date_created", "date_last_modified");
        await using BulkInserter ud = Insert("customer_ud", "company_id", "customer_id", "customer_ud_uid", "ecommerce_customer_id", "date_created", "date_last_modified");
        int contactNo = 1000, shipToUid = 0;
        for (int i = 1; i <= customers; i++)
        {
            long id = CustomerBase + i;
            string name = $"{CompanyWords[(i - 1) % CompanyWords.Length]} {CompanyKinds[((i - 1) / CompanyWords.Length) % CompanyKinds.Length]}";
            if (i > CompanyWords.Length * CompanyKinds.Length)
            {
                name += $" {(i / (CompanyWords.Length * CompanyKinds.Length)).ToString(CultureInfo.InvariantCulture)}";
            }

            string[] city = Cities[R(10, i, Cities.Length)].Split('|');
            long created = i * 600L;
            string c = Stamp(created), m = Stamp(created + R(11, i, 86_400 * 60));
            string deleted = i % 25 == 0 ? "Y" : "N";
            string email = $"ap@{name.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant()}.example";
            string street = $"{100 + R(12, i, 9000)} {LastNames[i % LastNames.Length]} Rd";
            customer.Insert(CompanyId, id, name, $"SR{(i % 5) + 1:D2}", "NET30", 5000 + (R(13, i, 20) * 1000), R(14, i, 4000), "OK", "Y", i % 4 == 0 ? "CONTRACTOR" : "INDUSTRIAL",
                i % 4 == 0 ? "WHOLSALE" : "RETAIL", 1, i % 2 == 0 ? "Y" : "N", 1202, i, deleted, c, m);
            address.Insert(id, name, street, city[0], city[1], city[2], "USA", street, city[0], city[1], city[2], "USA", $"555-{1000 + (i % 9000):D4}", email, id, deleted, c, m);
            shipTo.Insert(CompanyId, id, id, LocationId(1 + (i % options.Locations)).ToString(CultureInfo.InvariantCulture), "TX", "NET30", null, ++shipToUid, deleted, c, m);
            ud.Insert(CompanyId, id, i, i % 2 == 0 ? $"WEB-C{i.ToString(CultureInfo.InvariantCulture)}" : null, c, m);
            if (i % 3 == 0)
            {
                long extra = CustomerBase + customers + (i / 3);
                address.Insert(extra, $"{name} Jobsite", $"{200 + R(15, i, 800)} Site Ave", city[0], city[1], city[2], "USA", null, null, null, null, null, null, null, id, "N", c, m);
                shipTo.Insert(CompanyId, extra, id, LocationId(1 + ((i + 1) % options.Locations)).ToString(CultureInfo.InvariantCulture), "TX", "NET30", null, ++shipToUid, "N", c, m);
            }

            for (int k = 0; k < 1 + (i % 2); k++)
            {
                contactNo++;
                string first = FirstNames[R(16, contactNo, FirstNames.Length)], last = LastNames[R(17, contactNo, LastNames.Length)];
                contact.Insert(contactNo.ToString(CultureInfo.InvariantCulture), CompanyId, id, first, last,
                    k == 0 && i % 7 == 0 ? null : $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}@example.com", $"555-{2000 + (contactNo % 8000):D4}", null, "N", c, m);
            }
        }
    }

    private async Task SeedOrdersAsync(int customers, int items, int locations)
    {
        int orders = options.SalesOrders;
        await using BulkInserter hdr = Insert("oe_hdr", "order_no", "oe_hdr_uid", "company_id", "customer_id", "ship_to_id", "order_date", "requested_date", "po_no", "taker", "approved", "completed",
            "cancel_flag", "location_id", "source_location_id", "carrier_id", "ship2_name", "web_reference_no", "delete_flag", "date_created", "date_last_modified");
        await using BulkInserter line = Insert("oe_line", "order_no", "line_no", "oe_line_uid", "company_no", "inv_mast_uid", "item_id", "qty_ordered", "qty_allocated", "qty_on_pick_tickets", "qty_invoiced",
            "qty_canceled", "unit_price", "extended_price", "unit_quantity", "unit_of_measure", "user_line_no", "manual_price_overide", "source_loc_id", "complete", "cancel_flag", "delete_flag", "date_created", "date_last_modified");
        await using BulkInserter pick = Insert("oe_pick_ticket", "pick_ticket_no", "company_id", "order_no", "location_id", "carrier_id", "tracking_no", "ship_date", "invoice_no", "freight_out", "printed_flag", "delete_flag", "date_created", "date_last_modified");
        await using BulkInserter detail = Insert("oe_pick_ticket_detail", "pick_ticket_no", "line_number", "oe_line_no", "inv_mast_uid", "item_id", "qty_to_pick", "ship_quantity", "invoice_line_uid", "unit_of_measure", "delete_flag", "date_created", "date_last_modified");
        await using BulkInserter invoice = Insert("invoice_hdr", "invoice_no", "company_no", "order_no", "customer_id", "ship_to_id", "po_no", "invoice_date", "ship_date", "total_amount", "amount_paid", "paid_in_full_flag", "tax_amount", "freight", "date_created", "date_last_modified");
        await using BulkInserter invoiceLine = Insert("invoice_line", "invoice_no", "line_no", "invoice_line_uid", "inv_mast_uid", "item_id", "qty_shipped", "unit_price", "extended_price", "oe_line_number", "date_created", "date_last_modified");
        await using BulkInserter gl = Insert("gl", "gl_uid", "company_no", "transaction_number", "account_number", "period", "year_for_period", "journal_id", "amount", "foreign_amount", "description", "source", "transaction_date", "approved", "date_created", "date_last_modified");
        await using BulkInserter ud = Insert("oe_hdr_ud", "order_no", "oe_hdr_ud_uid", "ecommerce_order_id", "date_created", "date_last_modified");

        // Orders spread over a year; three share each timestamp so one-second ties exist, as in P21.
        double step = 31_536_000.0 / Math.Max(1, orders);
        long oeLineUid = 0, invoiceLineUid = 0, glUid = 0;
        int pickNo = FirstPickTicketNo, invoiceNo = FirstInvoiceNo;
        for (int k = 1; k <= orders; k++)
        {
            string orderNo = (FirstOrderNo + k).ToString(CultureInfo.InvariantCulture);
            int customer = 1 + R(20, k, customers);
            long customerId = CustomerBase + customer;
            int l = 1 + R(21, k, locations);
            long created = (long)((k - 1) / 3 * 3 * step);
            DateTime orderTime = Epoch.AddSeconds(created);
            string c = Stamp(orderTime);
            int state = k % 4; // 0 invoiced, 1 picked, 2-3 open
            string m = state == 0 ? Stamp(orderTime.AddDays(2)) : c;
            string taker = Takers[R(22, k, Takers.Length)];
            string? web = taker == "ESTORE" ? $"WEB-{(k + 5000).ToString(CultureInfo.InvariantCulture)}" : null;
            hdr.Insert(orderNo, k, CompanyId, customerId, customerId, Stamp(orderTime.Date), Stamp(orderTime.Date.AddDays(7)), $"PO-{(k * 7) % 100_000:D5}", taker, "Y", state == 0 ? "Y" : "N",
                "N", LocationId(l), LocationId(l), null, null, web, "N", c, m);
            if (web is not null)
            {
                ud.Insert(orderNo, k, web, c, c);
            }

            int lines = 1 + R(23, k, 5);
            string? pickTicket = null, invoiceText = null;
            decimal total = 0;
            if (state <= 1)
            {
                pickNo++;
                pickTicket = pickNo.ToString(CultureInfo.InvariantCulture);
                if (state == 0)
                {
                    invoiceNo++;
                    invoiceText = invoiceNo.ToString(CultureInfo.InvariantCulture);
                }

                pick.Insert(pickNo, CompanyId, orderNo, LocationId(l), state == 0 ? 9001 : null, state == 0 ? $"1Z{k:D12}" : null, state == 0 ? Stamp(orderTime.AddDays(2).Date) : null, invoiceText, 0m, "Y", "N", c, m);
            }

            for (int n = 1; n <= lines; n++)
            {
                long key = ((long)k * 8) + n;
                int item = 1 + R(24, key, items);
                decimal qty = 1 + R(25, key, 250);
                decimal price = FastenerCatalog.Price(item);
                decimal extended = Math.Round(qty * price, 2);
                total += extended;
                oeLineUid++;
                line.Insert(orderNo, n, oeLineUid, CompanyId, item, FastenerCatalog.ItemId(item), qty, state == 1 ? qty : 0, state == 1 ? qty : 0, state == 0 ? qty : 0, 0, price, extended, qty,
                    FastenerCatalog.Unit(item), n * 10, "N", LocationId(l), state == 0 ? "Y" : "N", "N", "N", c, m);
                if (pickTicket is not null)
                {
                    invoiceLineUid += state == 0 ? 1 : 0;
                    detail.Insert(pickNo, n, n, item, FastenerCatalog.ItemId(item), qty, state == 0 ? qty : 0, state == 0 ? invoiceLineUid : null, FastenerCatalog.Unit(item), "N", c, m);
                    if (state == 0)
                    {
                        invoiceLine.Insert(invoiceText, n, invoiceLineUid, item, FastenerCatalog.ItemId(item), qty, price, extended, n, m, m);
                    }
                }
            }

            if (invoiceText is not null)
            {
                DateTime invoiceDate = orderTime.AddDays(2).Date;
                invoice.Insert(invoiceText, CompanyId, orderNo, customerId, customerId, $"PO-{(k * 7) % 100_000:D5}", Stamp(invoiceDate), Stamp(invoiceDate), total, 0m, "N", 0m, 0m, m, m);
                glUid++;
                gl.Insert(glUid, CompanyId, invoiceNo, "1200-00", invoiceDate.Month, invoiceDate.Year, "SJ", total, total, $"Invoice {invoiceText}", "AR", Stamp(invoiceDate), "Y", m, m);
                glUid++;
                gl.Insert(glUid, CompanyId, invoiceNo, "4000-00", invoiceDate.Month, invoiceDate.Year, "SJ", -total, -total, $"Invoice {invoiceText}", "AR", Stamp(invoiceDate), "Y", m, m);
            }
        }
    }

    private async Task SeedPurchaseOrdersAsync(int items, int locations, int vendors, long vendorBase)
    {
        await using BulkInserter hdr = Insert("po_hdr", "po_no", "po_hdr_uid", "company_no", "vendor_id", "supplier_id", "location_id", "order_date", "date_due", "expected_date", "po_type", "approved",
            "complete", "cancel_flag", "delete_flag", "date_created", "date_last_modified");
        await using BulkInserter line = Insert("po_line", "po_no", "line_no", "po_line_uid", "company_no", "inv_mast_uid", "item_id", "qty_ordered", "qty_received", "unit_price", "date_due", "complete", "cancel_flag", "delete_flag", "date_created", "date_last_modified");
        long lineUid = 0;
        for (int p = 1; p <= options.PurchaseOrders; p++)
        {
            int v = 1 + R(30, p, vendors);
            int l = 1 + R(31, p, locations);
            DateTime ordered = Epoch.AddHours(p * 13L);
            string c = Stamp(ordered);
            bool received = p % 3 == 0;
            hdr.Insert(FirstPoNo + p, p, CompanyId, vendorBase + v, vendorBase + vendors + v, LocationId(l), Stamp(ordered.Date), Stamp(ordered.Date.AddDays(14)), Stamp(ordered.Date.AddDays(14)), "B", "Y",
                received ? "Y" : "N", "N", "N", c, c);
            int lines = 1 + R(32, p, 4);
            for (int n = 1; n <= lines; n++)
            {
                int item = 1 + R(33, ((long)p * 8) + n, items);
                decimal qty = 100 * (1 + R(34, ((long)p * 8) + n, 20));
                lineUid++;
                line.Insert(FirstPoNo + p, n, lineUid, CompanyId, item, FastenerCatalog.ItemId(item), qty, received ? qty : 0, Math.Round(FastenerCatalog.Price(item) * 0.55m, 4), Stamp(ordered.Date.AddDays(14)),
                    received ? "Y" : "N", "N", "N", c, c);
            }
        }
    }
}
