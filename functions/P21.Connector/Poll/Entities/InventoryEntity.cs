using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Events.Records;

namespace P21.Connector.Poll.Entities;

/// <summary>
/// <c>inventory</c>: one record per <c>inv_loc</c> row (item × location), key <c>{item_id}@{location_id}</c>.
/// Polled on <c>date_last_modified</c>; whether P21 bumps it on every stock movement is an open question
/// (p21-api.md §2.5), so fingerprints make a wider overlap or a periodic backfill cheap.
/// </summary>
public sealed class InventoryEntity : PollEntity
{
    /// <inheritdoc />
    public override string Name => "inventory";

    /// <inheritdoc />
    public override string EventName => "inventory";

    /// <inheritdoc />
    public override PollSource Primary { get; } = new("inv_loc", ["location_id", "inv_mast_uid"],
    [
        "inv_mast_uid", "item_id", "location_id", "company_id", "qty_on_hand", "qty_allocated", "qty_backordered", "qty_in_transit",
        "sellable", "discontinued", "delete_flag", "date_last_modified",
    ]);

    /// <inheritdoc />
    public override IReadOnlyList<string> RecordKeyColumns { get; } = ["item_id", "location_id"];

    /// <inheritdoc />
    public override string? RecordKeyOf(P21Row row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Text("item_id") is { } itemId && row.Id("location_id") is { } locationId ? $"{itemId}@{locationId}" : null;
    }

    /// <inheritdoc />
    public override async ValueTask<IReadOnlySet<string>> ExistingKeysAsync(IReadOnlyCollection<string> keys, RowLookup lookup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(lookup);

        // The location id is numeric, so the last '@' splits the key even when an item id contains one.
        var itemIds = keys.Select(k => k.LastIndexOf('@') is var at and > 0 ? k[..at] : null).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var rows = itemIds.Count == 0 ? [] : await lookup.ByKeysAsync(Primary.Table, "item_id", itemIds, numeric: false, RecordKeyColumns, Primary.Filter, cancellationToken).ConfigureAwait(false);
        var wanted = keys.ToHashSet(StringComparer.Ordinal);
        return rows.Select(RecordKeyOf).OfType<string>().Where(wanted.Contains).ToHashSet(StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public override ValueTask<IReadOnlyList<EntityRecord>> MapAsync(IReadOnlyList<P21Row> rows, RowLookup lookup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var records = new List<EntityRecord>(rows.Count);
        foreach (var row in rows)
        {
            if (Map(row) is { } level)
            {
                records.Add(Record($"{level.ItemId}@{level.LocationId}", level, CanonicalJsonContext.Default.InventoryLevel, row));
            }
        }

        return ValueTask.FromResult<IReadOnlyList<EntityRecord>>(records);
    }

    /// <summary>Maps one <c>inv_loc</c> row (shared with live availability); null without item or location.</summary>
    public static InventoryLevel? Map(P21Row row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var itemId = row.Text("item_id");
        var locationId = row.Id("location_id");
        if (itemId is null || locationId is null)
        {
            return null;
        }

        var onHand = row.Quantity("qty_on_hand");
        var allocated = row.Quantity("qty_allocated");
        return new InventoryLevel
        {
            ItemId = itemId,
            InvMastUid = row.Whole("inv_mast_uid"),
            LocationId = locationId,
            CompanyId = row.Id("company_id"),
            OnHand = onHand,
            Allocated = allocated,
            Backordered = row.Quantity("qty_backordered"),
            InTransit = row.Quantity("qty_in_transit"),
            Available = InventoryLevel.AvailableFrom(onHand, allocated),
            Sellable = row.Flag("sellable"),
            Discontinued = row.Flag("discontinued"),
        };
    }
}
