using System.Text.Json.Serialization;

namespace P21.Connector.Events.Records;

[JsonDerivedType(typeof(InventoryLevel), "inventory")]
public abstract partial record CanonicalRecord;

/// <summary>Stock of one item at one location (<c>inv_loc</c>). See docs/entities.md.</summary>
public sealed record InventoryLevel : CanonicalRecord
{
    /// <summary><c>inv_loc.item_id</c>.</summary>
    public required string ItemId { get; init; }

    /// <summary><c>inv_loc.inv_mast_uid</c>.</summary>
    public long? InvMastUid { get; init; }

    /// <summary><c>inv_loc.location_id</c>.</summary>
    public required string LocationId { get; init; }

    /// <summary><c>inv_loc.company_id</c>.</summary>
    public string? CompanyId { get; init; }

    /// <summary><c>inv_loc.qty_on_hand</c>.</summary>
    public decimal OnHand { get; init; }

    /// <summary><c>inv_loc.qty_allocated</c>.</summary>
    public decimal Allocated { get; init; }

    /// <summary><c>inv_loc.qty_backordered</c>.</summary>
    public decimal Backordered { get; init; }

    /// <summary><c>inv_loc.qty_in_transit</c>.</summary>
    public decimal InTransit { get; init; }

    /// <summary>
    /// On hand minus allocated, never below zero. An inference (no source states P21's formula); see docs/entities.md.
    /// </summary>
    public decimal Available { get; init; }

    /// <summary><c>inv_loc.sellable</c> = 'Y'.</summary>
    public bool? Sellable { get; init; }

    /// <summary><c>inv_loc.discontinued</c> = 'Y'.</summary>
    public bool? Discontinued { get; init; }

    /// <summary>Computes <see cref="Available"/> the way the connector documents it: max(0, on hand − allocated).</summary>
    public static decimal AvailableFrom(decimal onHand, decimal allocated) => Math.Max(0m, onHand - allocated);
}
