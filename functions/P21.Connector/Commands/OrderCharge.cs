using System.Text.Json.Serialization;

namespace P21.Connector.Commands;

/// <summary>
/// A charge of the order that is not a product line: freight, handling, gift wrap, a fee. The writer adds each as a
/// line of the "other charge" item configured for its kind (<c>Writer:ChargeItems</c>), so the P21 order totals what the
/// storefront charged. <see cref="Amount"/> is net of the charge's own discounts and excludes tax.
/// </summary>
/// <param name="Kind">What the charge is for.</param>
/// <param name="Amount">The amount charged (may be 0 for free shipping; zero charges are not written).</param>
/// <param name="Description">The platform's title (e.g. the shipping method), kept for the order taker.</param>
/// <param name="PlatformId">The platform's id of the charge line, where it has one.</param>
public sealed record OrderCharge(ChargeKind Kind, decimal Amount, string? Description, string? PlatformId = null);

/// <summary>The kinds of order charges; each maps to one P21 other-charge item.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChargeKind>))]
public enum ChargeKind
{
    /// <summary>Shipping / freight charged to the buyer.</summary>
    Freight,

    /// <summary>Handling charged to the buyer (BigCommerce <c>handling_cost</c>).</summary>
    Handling,

    /// <summary>Gift wrapping (BigCommerce <c>wrapping_cost</c>, Amazon gift wrap).</summary>
    GiftWrap,

    /// <summary>Any other fee (WooCommerce <c>fee_lines</c>).</summary>
    Fee,
}

/// <summary>What an order line sells.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OrderLineKind>))]
public enum OrderLineKind
{
    /// <summary>A product: a P21 item by SKU.</summary>
    Product,

    /// <summary>A gift card sold on the order: never a stock line (<c>Writer:GiftCardItemId</c> or skipped).</summary>
    GiftCard,
}
