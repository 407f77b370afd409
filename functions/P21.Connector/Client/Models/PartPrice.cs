namespace P21.Connector.Client.Models;

/// <summary>What P21's price engine answered for one (customer, item, quantity).</summary>
/// <param name="UnitPrice">The net unit price.</param>
/// <param name="UnitOfMeasure">The unit the price is for, when P21 names it.</param>
/// <param name="Source">Where the price came from (a customer page, a library page, the item default), when P21 says.</param>
public sealed record PartPrice(decimal UnitPrice, string? UnitOfMeasure, string? Source);
