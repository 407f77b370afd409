namespace P21.Connector.Commands;

/// <summary>The buyer of an order as the platform knows them; the writer maps them to a P21 customer.</summary>
public sealed record OrderCustomer(
    string? Email,
    string? Name,
    string? Phone,
    string? PlatformCustomerId,
    string? Company);

/// <summary>A postal address. <see cref="Country"/> is ISO 3166-1 alpha-2 where the platform gives one.</summary>
public sealed record PostalAddress(
    string? Name,
    string? Company,
    string? Line1,
    string? Line2,
    string? Line3,
    string? City,
    string? Region,
    string? PostalCode,
    string? Country,
    string? Phone,
    string? Email);

/// <summary>
/// One order line. <see cref="UnitPrice"/> is per unit; <see cref="ExtendedPrice"/> is the platform's line total when
/// it sends one (Amazon sends only the total, so the unit price is derived and the exact total kept here).
/// </summary>
public sealed record OrderLine(
    string Sku,
    decimal Quantity,
    decimal UnitPrice,
    string? Description,
    decimal? ExtendedPrice = null,
    string? PlatformLineId = null);

/// <summary>Order totals as the platform computed them (for reconciliation; P21 prices the order itself).</summary>
public sealed record OrderTotals(
    decimal? Subtotal,
    decimal? Shipping,
    decimal? Tax,
    decimal? Discount,
    decimal? Total);
