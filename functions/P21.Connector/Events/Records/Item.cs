using System.Text.Json.Serialization;

namespace P21.Connector.Events.Records;

[JsonDerivedType(typeof(Item), "item")]
public abstract partial record CanonicalRecord;

/// <summary>An item master row (<c>inv_mast</c>) with its user-defined fields (<c>inv_mast_ud</c>). See docs/entities.md.</summary>
public sealed record Item : CanonicalRecord
{
    /// <summary><c>inv_mast.item_id</c> (unique across companies; may contain / + # &amp; and spaces).</summary>
    public required string ItemId { get; init; }

    /// <summary><c>inv_mast.inv_mast_uid</c>.</summary>
    public long? InvMastUid { get; init; }

    /// <summary><c>inv_mast.item_desc</c> (P21 keeps 40 characters at most).</summary>
    public string? Description { get; init; }

    /// <summary><c>inv_mast.extended_desc</c>.</summary>
    public string? ExtendedDescription { get; init; }

    /// <summary><c>inv_mast.keywords</c>.</summary>
    public string? Keywords { get; init; }

    /// <summary>Unit of sale: <c>inv_mast.default_selling_unit</c>.</summary>
    public string? SalesUnit { get; init; }

    /// <summary>Stocking unit: <c>inv_mast.base_unit</c>.</summary>
    public string? BaseUnit { get; init; }

    /// <summary><c>inv_mast.weight</c>.</summary>
    public decimal? Weight { get; init; }

    /// <summary><c>inv_mast.net_weight</c>.</summary>
    public decimal? NetWeight { get; init; }

    /// <summary><c>inv_mast.upc_or_ean</c>.</summary>
    public string? Upc { get; init; }

    /// <summary><c>inv_mast.default_product_group</c>.</summary>
    public string? ProductGroupId { get; init; }

    /// <summary><c>inv_mast.class_id1</c>.</summary>
    public string? ClassId { get; init; }

    /// <summary>True unless <c>inv_mast.suppress_from_web_flag</c> = 'Y'.</summary>
    public bool WebVisible { get; init; } = true;

    /// <summary><c>inv_mast.inactive</c> = 'Y'.</summary>
    public bool Inactive { get; init; }

    /// <summary>Date part of <c>inv_mast.discontinued_date</c> (server-local calendar date).</summary>
    public DateOnly? DiscontinuedDate { get; init; }

    /// <summary>List price tiers <c>inv_mast.price1</c>..<c>price3</c> that are set, as (tier, price).</summary>
    public IReadOnlyList<ItemPriceTier> PriceTiers { get; init; } = [];

    /// <summary>Every non-key column of the item's <c>inv_mast_ud</c> row, by column name (ordinal order).</summary>
    public IReadOnlyDictionary<string, string?> CustomFields { get; init; } = new SortedDictionary<string, string?>(StringComparer.Ordinal);
}

/// <summary>One of the ten list price columns of <c>inv_mast</c>.</summary>
/// <param name="Tier">1 to 10: the number of the <c>priceN</c> column.</param>
/// <param name="Price">The column's value.</param>
public sealed record ItemPriceTier(int Tier, decimal Price);
