using System.Text.Json;
using System.Text.Json.Serialization;

namespace P21.Connector.Amazon;

/// <summary>
/// An order as <c>getOrders</c> answers it (the <c>Order</c> definition of models/orders-api-model/ordersV0.json in
/// amzn/selling-partner-api-models), the fields the connector reads. Buyer and address fields are left out on purpose:
/// they need a restricted data token and are not logged or kept here.
/// </summary>
internal sealed record AmazonOrder(
    string AmazonOrderId,
    DateTimeOffset PurchaseDate,
    DateTimeOffset LastUpdateDate,
    string OrderStatus,
    string? FulfillmentChannel,
    string? MarketplaceId,
    string? SellerOrderId,
    AmazonMoney? OrderTotal,
    int? NumberOfItemsShipped,
    int? NumberOfItemsUnshipped)
{
    /// <summary><c>FulfillmentChannel</c> of an order Amazon ships (FBA).</summary>
    public const string FulfilledByAmazon = "AFN";

    /// <summary><c>FulfillmentChannel</c> of an order the seller ships.</summary>
    public const string FulfilledByMerchant = "MFN";

    /// <summary>Whether Amazon ships the order, so P21 must not ship it again.</summary>
    [JsonIgnore]
    public bool IsFulfilledByAmazon => string.Equals(FulfillmentChannel, FulfilledByAmazon, StringComparison.Ordinal);

    /// <summary>The order as Amazon sent it, every field (the intake rules read more than this record does).</summary>
    [JsonIgnore]
    public JsonElement Json { get; init; }
}

/// <summary>A line of an order as <c>getOrderItems</c> answers it (<c>OrderItem</c> of ordersV0.json).</summary>
/// <remarks><c>ItemPrice.Amount</c> is the line total (unit price × quantity), not the unit price.</remarks>
internal sealed record AmazonOrderItem(
    string ASIN,
    string OrderItemId,
    string? SellerSKU,
    string? Title,
    int QuantityOrdered,
    int? QuantityShipped,
    AmazonMoney? ItemPrice,
    AmazonMoney? ItemTax,
    AmazonMoney? ShippingPrice,
    AmazonMoney? PromotionDiscount)
{
    /// <summary>The item as Amazon sent it, every field.</summary>
    [JsonIgnore]
    public JsonElement Json { get; init; }
}

/// <summary>Amazon's <c>Money</c>: the amount is a decimal string, kept as sent so no precision is lost on the way.</summary>
internal sealed record AmazonMoney(string? CurrencyCode, string? Amount);
