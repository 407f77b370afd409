namespace P21.Connector.Poll.Pricing;

/// <summary>P21's net price for one customer, item and quantity.</summary>
/// <param name="CustomerId">The customer, as P21 numbers it.</param>
/// <param name="ItemId">The item.</param>
/// <param name="Quantity">The quantity priced.</param>
/// <param name="UnitPrice">The net unit price from P21's price engine.</param>
/// <param name="ExtendedPrice">Unit price times quantity, to the cent.</param>
/// <param name="UnitOfMeasure">The unit the price is for, when P21 names it.</param>
/// <param name="Source">Where P21 found the price (a customer page, a library page, the item default), when it says.</param>
/// <param name="RetrievedUtc">When P21 was asked (a cached answer keeps its original time).</param>
public sealed record CustomerPrice(
    string CustomerId,
    string ItemId,
    decimal Quantity,
    decimal UnitPrice,
    decimal ExtendedPrice,
    string? UnitOfMeasure,
    string? Source,
    DateTimeOffset RetrievedUtc);
