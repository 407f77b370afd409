using System.Text.Json.Serialization;

namespace P21.Connector.Commands;

/// <summary>
/// Where the order stands on the platform when it was delivered: intake decides from it whether the order may be
/// written (<see cref="OrderEligibility"/>), so an unpaid, cancelled, test or marketplace-fulfilled order never
/// allocates P21 stock.
/// </summary>
/// <param name="PlatformStatus">The platform's own status text (Shopify <c>financial_status</c>, WooCommerce
/// <c>status</c>, BigCommerce <c>status</c>, Amazon <c>OrderStatus</c>), for messages and the recent-orders list.</param>
/// <param name="Payment">Whether the buyer has paid or the payment is authorized.</param>
/// <param name="Cancelled">The order is cancelled, voided or refused on the platform.</param>
/// <param name="Test">A test order (Shopify <c>test: true</c>).</param>
/// <param name="FulfilledByMarketplace">The marketplace ships it from its own stock (Amazon <c>FulfillmentChannel: AFN</c>).</param>
public sealed record OrderStanding(
    string? PlatformStatus,
    PaymentState Payment,
    bool Cancelled = false,
    bool Test = false,
    bool FulfilledByMarketplace = false);

/// <summary>The payment state of an order as the platform reports it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PaymentState>))]
public enum PaymentState
{
    /// <summary>The platform says nothing usable (a generic feed that sends no status).</summary>
    Unknown,

    /// <summary>Paid, or partially refunded after payment.</summary>
    Paid,

    /// <summary>Payment authorized, to be captured on shipment (Shopify <c>authorized</c>); treated as payable.</summary>
    Authorized,

    /// <summary>Awaiting payment (pending, on-hold bank transfer, awaiting payment).</summary>
    Pending,

    /// <summary>Payment failed or was refunded in full.</summary>
    Failed,
}
