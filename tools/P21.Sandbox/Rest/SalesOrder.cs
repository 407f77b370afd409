using System.Text.Json.Serialization;

namespace P21.Sandbox.Rest;

/// <summary>The /api/sales/orders resource (header; Lines only with extendedproperties).</summary>
internal sealed record SalesOrder(
    string? OrderNo,
    decimal? CustomerId,
    string? CompanyId,
    decimal? ShipToId,
    string? ContactId,
    string? Taker,
    string? PoNo,
    decimal? LocationId,
    decimal? SourceLocationId,
    string? OrderDate,
    string? RequestedDate,
    string? WebReferenceNo,
    string? Approved,
    string? Completed,
    string? ShipToName,
    string? DateLastModified,
    SalesOrderLineList? Lines);

/// <summary>P21's child-collection wrapper: {"list": [...]}.</summary>
internal sealed record SalesOrderLineList([property: JsonPropertyName("list")] List<SalesOrderLine>? List);

/// <summary>One order line; UnitPrice only counts with ManualPriceOveride = "Y" (P21's spelling).</summary>
internal sealed record SalesOrderLine(decimal? LineNo, string? ItemId, decimal? UnitQuantity, decimal? UnitPrice, string? ManualPriceOveride, decimal? QtyInvoiced, decimal? ExtendedPrice);
