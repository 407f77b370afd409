using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Events.Records;

namespace P21.Connector.Poll.Entities;

/// <summary><c>items</c>: <c>inv_mast</c> plus the custom fields of its <c>inv_mast_ud</c> row; a UD change re-emits the item.</summary>
public sealed class ItemsEntity : PollEntity
{
    // Columns of a UD row that are plumbing, not custom fields.
    private static readonly HashSet<string> UdPlumbing = new(StringComparer.OrdinalIgnoreCase)
    {
        "inv_mast_uid", "inv_mast_ud_uid", "date_created", "date_last_modified", "last_maintained_by", "created_by", "@odata.etag",
    };

    /// <summary>List price columns read (<c>price1..N</c>); P21 has ten, the sandbox and most installs use three.</summary>
    public const int PriceColumns = 3;

    private static readonly string[] PriceColumnNames = [.. Enumerable.Range(1, PriceColumns).Select(i => $"price{i}")];

    /// <inheritdoc />
    public override string Name => "items";

    /// <inheritdoc />
    public override string EventName => "item";

    /// <inheritdoc />
    public override PollSource Primary { get; } = new("inv_mast", ["inv_mast_uid"],
    [
        "inv_mast_uid", "item_id", "item_desc", "extended_desc", "keywords", "default_selling_unit", "base_unit", "weight", "net_weight", "upc_or_ean", "default_product_group", "class_id1", "suppress_from_web_flag", "inactive",
        "discontinued_date", .. PriceColumnNames,
        "delete_flag", "date_last_modified",
    ]);

    /// <inheritdoc />
    public override IReadOnlyList<PollTrigger> Triggers { get; } =
    [
        new(new PollSource("inv_mast_ud", ["inv_mast_uid"], ["inv_mast_uid", "date_last_modified"]), "inv_mast_uid"),
    ];

    /// <inheritdoc />
    /// <remarks>Not <c>inv_loc</c>: stock is the inventory entity's, and a probe covering it would never be quiet.</remarks>
    public override ChangeProbe ChangeProbe { get; } = new("p21_view_es_item", ["inv_mast", "inv_mast_ud"]);

    /// <inheritdoc />
    public override IReadOnlyList<string> RecordKeyColumns { get; } = ["item_id"];

    /// <inheritdoc />
    public override string? RecordKeyOf(P21Row row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Text("item_id");
    }

    /// <inheritdoc />
    public override async ValueTask<IReadOnlySet<string>> ExistingKeysAsync(IReadOnlyCollection<string> keys, RowLookup lookup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(lookup);
        var rows = keys.Count == 0 ? [] : await lookup.ByKeysAsync(Primary.Table, "item_id", keys, numeric: false, RecordKeyColumns, Primary.Filter, cancellationToken).ConfigureAwait(false);
        return rows.Select(RecordKeyOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public override async ValueTask<IReadOnlyList<EntityRecord>> MapAsync(IReadOnlyList<P21Row> rows, RowLookup lookup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(lookup);
        var uids = rows.Select(r => r.Id("inv_mast_uid")).OfType<string>().ToList();
        if (uids.Count == 0)
        {
            return [];
        }

        var udRows = ByParent(await lookup.ByKeysAsync("inv_mast_ud", "inv_mast_uid", uids, numeric: true, null, null, cancellationToken).ConfigureAwait(false), "inv_mast_uid");
        var records = new List<EntityRecord>(rows.Count);
        foreach (var row in rows)
        {
            var itemId = row.Text("item_id");
            var uid = row.Id("inv_mast_uid");
            if (itemId is null || uid is null)
            {
                continue;
            }

            var ud = udRows[uid].FirstOrDefault();
            var item = new Item
            {
                ItemId = itemId,
                InvMastUid = row.Whole("inv_mast_uid"),
                Description = row.Text("item_desc"),
                ExtendedDescription = row.Text("extended_desc"),
                Keywords = row.Text("keywords"),
                SalesUnit = row.Text("default_selling_unit"),
                BaseUnit = row.Text("base_unit"),
                Weight = row.Number("weight"),
                NetWeight = row.Number("net_weight"),
                Upc = row.Text("upc_or_ean"),
                ProductGroupId = row.Text("default_product_group"),
                ClassId = row.Text("class_id1"),
                WebVisible = row.Flag("suppress_from_web_flag") != true,
                Inactive = row.Flag("inactive") == true,
                DiscontinuedDate = row.Date("discontinued_date"),
                PriceTiers = PriceTiersOf(row),
                CustomFields = ud is null ? new SortedDictionary<string, string?>(StringComparer.Ordinal) : CustomFieldsOf(ud),
            };
            records.Add(Record(itemId, item, CanonicalJsonContext.Default.Item, row, ud is null ? null : [ud]));
        }

        return records;
    }

    private static List<ItemPriceTier> PriceTiersOf(P21Row row)
    {
        var tiers = new List<ItemPriceTier>(PriceColumnNames.Length);
        for (var i = 0; i < PriceColumnNames.Length; i++)
        {
            if (row.Number(PriceColumnNames[i]) is { } price)
            {
                tiers.Add(new ItemPriceTier(i + 1, price));
            }
        }

        return tiers;
    }

    private static SortedDictionary<string, string?> CustomFieldsOf(P21Row ud)
    {
        var fields = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var column in ud.Columns)
        {
            if (!UdPlumbing.Contains(column))
            {
                fields[column] = ud.Id(column);
            }
        }

        return fields;
    }
}
