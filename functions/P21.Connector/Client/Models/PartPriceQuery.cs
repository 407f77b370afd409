namespace P21.Connector.Client.Models;

/// <summary>One question to P21's price engine (<c>GET /api/inventory/parts/{ItemId}/v2/price</c>).</summary>
/// <param name="ItemId">The item; P21 cannot address an id holding a <c>/</c>.</param>
/// <param name="CompanyId">The customer's company.</param>
/// <param name="CustomerId">The P21 customer id.</param>
/// <param name="UnitQuantity">How many, in the item's default selling unit unless <paramref name="Uom"/> says otherwise.</param>
/// <param name="SalesLocationId">The sales location, or null for P21's default.</param>
/// <param name="SourceLocationId">The source location, or null for P21's default.</param>
/// <param name="Uom">The unit of measure, or null for the item's default selling unit.</param>
public sealed record PartPriceQuery(
    string ItemId,
    string CompanyId,
    string CustomerId,
    decimal UnitQuantity,
    string? SalesLocationId = null,
    string? SourceLocationId = null,
    string? Uom = null);
