using System.Text.Json.Serialization;

namespace P21.Sandbox.Rest;

/// <summary>The /api/inventory/parts resource (item master; Locations only with extendedproperties).</summary>
internal sealed record Part(
    string? ItemId,
    string? ItemDesc,
    string? ExtendedDesc,
    string? DefaultSellingUnit,
    string? BaseUnit,
    string? Inactive,
    string? DateLastModified,
    PartLocationList? Locations);

/// <summary>P21's child-collection wrapper: {"list": [...]}.</summary>
internal sealed record PartLocationList([property: JsonPropertyName("list")] List<PartLocation>? List);

/// <summary>One location of a part: its stock there.</summary>
internal sealed record PartLocation(decimal? LocationId, decimal? QtyOnHand, decimal? QtyAllocated, decimal? QtyBackordered, string? Sellable, string? Stockable);
