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
/// One order line. <see cref="UnitPrice"/> is per unit before discounts; <see cref="ExtendedPrice"/> is the platform's
/// line total before discounts when it sends one (Amazon sends only the total, so the unit price is derived and the
/// exact total kept here). <see cref="Discount"/> is the line's share of every discount (a positive amount) and
/// <see cref="Tax"/> the storefront's tax on it; P21 computes its own tax, so tax is kept for comparison only.
/// An empty <see cref="Sku"/> or a zero <see cref="Quantity"/> (a line cancelled on the platform) is accepted by
/// intake: the writer skips zero lines and parks an order whose line has no SKU, naming the line.
/// </summary>
public sealed record OrderLine(
    string Sku,
    decimal Quantity,
    decimal UnitPrice,
    string? Description,
    decimal? ExtendedPrice = null,
    string? PlatformLineId = null,
    decimal? Discount = null,
    decimal? Tax = null,
    OrderLineKind Kind = OrderLineKind.Product)
{
    /// <summary>The line total before discounts: the platform's when it sent one, else unit price × quantity.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public decimal GrossTotal => ExtendedPrice ?? (UnitPrice * Quantity);

    /// <summary>The line total after its discounts.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public decimal NetTotal => GrossTotal - (Discount ?? 0m);
}

/// <summary>Order totals as the platform computed them (for reconciliation; P21 prices the order itself).</summary>
public sealed record OrderTotals(
    decimal? Subtotal,
    decimal? Shipping,
    decimal? Tax,
    decimal? Discount,
    decimal? Total);
