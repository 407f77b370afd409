namespace P21.Connector.Intake.Sources;

/// <summary>Amounts of order lines that platforms give for what was first ordered.</summary>
internal static class LineAmounts
{
    /// <summary>
    /// The part of a line's discount or tax that belongs to the units still ordered: Shopify (<c>current_quantity</c>)
    /// and BigCommerce (<c>quantity_refunded</c>) keep both for the units first ordered.
    /// </summary>
    public static decimal? ForUnitsLeft(decimal? amount, decimal? left, decimal? ordered) =>
        amount is { } a && left is { } l && ordered is { } o && o > 0 && l != o ? decimal.Round(a * l / o, 2, MidpointRounding.AwayFromZero) : amount;
}
