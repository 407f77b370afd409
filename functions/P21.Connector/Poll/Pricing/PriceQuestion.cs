namespace P21.Connector.Poll.Pricing;

/// <summary>One price a storefront wants: what one customer pays for one item at one quantity.</summary>
/// <param name="CustomerId">The P21 customer id (a whole number).</param>
/// <param name="ItemId">The P21 item id.</param>
/// <param name="Quantity">How many, in the item's default selling unit (quantity breaks depend on it).</param>
public sealed record PriceQuestion(string CustomerId, string ItemId, decimal Quantity);
