namespace P21.Sandbox.Rest;

/// <summary>
/// The answer of <c>GET /api/inventory/parts/{ItemId}/v2/price</c>. P21 documents the call, not its body; these names
/// are the sandbox's (README "Customer-specific prices"), and a client should read only what it needs.
/// </summary>
internal sealed record PartPrice(
    string ItemId,
    string CompanyId,
    decimal CustomerId,
    decimal? SalesLocationId,
    decimal? SourceLocationId,
    string? UnitOfMeasure,
    string? PricingUnitOfMeasure,
    decimal UnitQuantity,
    decimal UnitPrice,
    decimal ExtendedPrice,
    decimal BasePrice,
    string PriceSource,
    long? PricePageUid,
    string? PriceBookId,
    decimal QuantityBreak);
