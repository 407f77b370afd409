using System.Globalization;

using P21.Connector.Commands;

namespace P21.Connector.Write;

/// <summary>
/// The lines a sales-order command becomes in P21, decided before any P21 call: product lines at their net unit price
/// (after the line's discounts, and without tax where the store's prices include it; with
/// <see cref="DiscountMode.DiscountLine"/> at list price plus one discount line), then one line of the configured
/// other-charge item per charge. Lines cancelled on the platform (quantity 0) and gift cards without an item are left
/// out and reported; what cannot be written (no SKU, a charge without an item, a currency P21 does not take) parks the
/// order with every reason at once. <c>orders dry-run</c> shows this same plan.
/// </summary>
internal sealed record OrderPlan(IReadOnlyList<PlannedLine> Lines, IReadOnlyList<string> Notices)
{
    /// <summary>The product lines, whose SKUs the item matcher resolves.</summary>
    public IEnumerable<PlannedLine> Products => Lines.Where(static l => l.Sku is not null);

    /// <summary>Plans <paramref name="order"/>.</summary>
    /// <exception cref="WriteRejectedException">Something in the order cannot be written as configured.</exception>
    public static OrderPlan For(SalesOrderCreate order, WriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(options);
        List<string> problems = [];
        List<string> notices = [];
        List<PlannedLine> lines = [];
        decimal discounts = 0m;
        if (!options.Currencies.Contains(order.Currency, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add($"currency {order.Currency} is not configured for this connection (Writer:Currencies is {string.Join(",", options.Currencies)})");
        }

        for (int i = 0; i < order.Lines.Count; i++)
        {
            OrderLine line = order.Lines[i];
            string which = string.Create(CultureInfo.InvariantCulture, $"line {i + 1}");
            if (line.Quantity == 0)
            {
                notices.Add($"{which} ({Label(line)}) has quantity 0 on the platform (cancelled or removed) and was not written");
                continue;
            }

            // With a discount line the product lines keep their list price and the discounts are summed onto that line.
            bool discountLine = options.DiscountMode == DiscountMode.DiscountLine && line.Kind == OrderLineKind.Product;
            decimal net = (discountLine ? line.GrossTotal : line.NetTotal) - (order.TaxesIncluded ? line.Tax ?? 0m : 0m);
            if (discountLine && line.Sku.Length > 0)
            {
                discounts += line.Discount ?? 0m;
            }

            if (line.Kind == OrderLineKind.GiftCard)
            {
                if (string.IsNullOrWhiteSpace(options.GiftCardItemId))
                {
                    notices.Add(string.Create(CultureInfo.InvariantCulture, $"{which} is a gift card ({Money(net)}) and was not written (set Writer:GiftCardItemId to write gift cards)"));
                }
                else
                {
                    lines.Add(Priced(null, options.GiftCardItemId.Trim(), line.Quantity, net, line.Description, which, notices) with { PlatformLineId = line.PlatformLineId });
                }

                continue;
            }

            if (line.Sku.Length == 0)
            {
                problems.Add($"{which} ({Label(line)}) has no SKU; give the product a SKU on the platform (or edit the parked order), then replay");
                continue;
            }

            lines.Add(Priced(line.Sku, null, line.Quantity, net, line.Description, which, notices) with { PlatformLineId = line.PlatformLineId });
        }

        foreach (OrderCharge charge in order.Charges ?? [])
        {
            if (charge.Amount == 0)
            {
                continue;
            }

            string kind = charge.Kind.ToString();
            if (!options.ChargeItems.TryGetValue(kind, out string? itemId) || string.IsNullOrWhiteSpace(itemId))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{kind.ToLowerInvariant()} {Money(charge.Amount)} has no P21 charge item; set Writer:ChargeItems:{kind} to an other-charge item id"));
                continue;
            }

            if (charge.Amount < 0)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{kind.ToLowerInvariant()} of {Money(charge.Amount)} is negative; P21 charge lines take no credit"));
                continue;
            }

            lines.Add(new PlannedLine(null, itemId.Trim(), 1m, charge.Amount, charge.Description ?? kind));
        }

        if (discounts != 0)
        {
            if (!options.ChargeItems.TryGetValue("Discount", out string? discountItem) || string.IsNullOrWhiteSpace(discountItem))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"discounts of {Money(discounts)} need a discount line item; set Writer:ChargeItems:Discount (Writer:DiscountMode is DiscountLine)"));
            }
            else
            {
                lines.Add(new PlannedLine(null, discountItem.Trim(), 1m, -discounts, "Discounts"));
            }
        }

        if (lines.Count == 0 && problems.Count == 0)
        {
            problems.Add("no line is left to write (every line is cancelled, a gift card or zero)");
        }

        if (problems.Count > 0)
        {
            throw new WriteRejectedException(
                $"order {order.ExternalOrderId}: {problems[0]}{(problems.Count > 1 ? $" (and {problems.Count - 1} more)" : "")}",
                string.Join(Environment.NewLine, problems));
        }

        return new OrderPlan(lines, notices);
    }

    // P21 keeps unit prices to 4 places and extends to cents; a net total that does not divide evenly is reported.
    private static PlannedLine Priced(string? sku, string? itemId, decimal quantity, decimal net, string? description, string which, List<string> notices)
    {
        decimal unit = decimal.Round(net / quantity, 4, MidpointRounding.AwayFromZero);
        decimal extended = decimal.Round(unit * quantity, 2, MidpointRounding.AwayFromZero);
        if (extended != decimal.Round(net, 2, MidpointRounding.AwayFromZero))
        {
            notices.Add(string.Create(CultureInfo.InvariantCulture, $"{which} extends to {Money(extended)} in P21, not the platform's {Money(net)} (rounding of {Money(net)} / {quantity})"));
        }

        return new PlannedLine(sku, itemId, quantity, unit, description);
    }

    private static string Label(OrderLine line) => line.Sku.Length > 0 ? line.Sku : $"'{Clip(line.Description)}'";

    private static string Clip(string? text) => text is null ? "untitled" : text.Length <= 40 ? text : text[..40] + "…";

    private static string Money(decimal amount) => amount.ToString("0.00##", CultureInfo.InvariantCulture);
}

/// <summary>One line the order will hold: a product by its platform SKU, or a P21 item named directly (charges, gift cards).</summary>
/// <param name="Sku">The platform SKU to resolve, or null when <paramref name="ItemId"/> names the P21 item.</param>
/// <param name="ItemId">The P21 item of a charge or gift-card line.</param>
/// <param name="Quantity">Units.</param>
/// <param name="UnitPrice">The net unit price written as a manual price.</param>
/// <param name="Description">The platform's title, for the dry run.</param>
/// <param name="PlatformLineId">The platform's line id of a product or gift-card line (kept for the push flow's shipments).</param>
internal sealed record PlannedLine(string? Sku, string? ItemId, decimal Quantity, decimal UnitPrice, string? Description, string? PlatformLineId = null);
