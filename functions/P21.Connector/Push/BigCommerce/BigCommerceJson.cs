using System.Text.Json;
using System.Text.Json.Serialization;

namespace P21.Connector.Push.BigCommerce;

/// <summary><c>GET /v3/catalog/variants</c>: a page of variants.</summary>
internal sealed record BigCommerceVariants(List<BigCommerceVariant>? Data);

/// <summary>A variant's id, product and SKU.</summary>
internal sealed record BigCommerceVariant(long Id, long ProductId, string? Sku);

/// <summary>The body of <c>PUT /v3/inventory/adjustments/absolute</c>.</summary>
internal sealed record BigCommerceAbsoluteAdjustment(string Reason, List<BigCommerceAdjustmentItem> Items);

/// <summary>One absolute quantity of a variant at a location.</summary>
internal sealed record BigCommerceAdjustmentItem(long LocationId, long VariantId, int Quantity);

/// <summary>The answer of an adjustment: the (asynchronous) inventory transaction.</summary>
internal sealed record BigCommerceAdjustmentResult(string? TransactionId);

/// <summary>A V3 error body (<c>status</c>, <c>title</c>, <c>errors</c>).</summary>
internal sealed record BigCommerceError(int? Status, string? Title, string? Detail, JsonElement? Errors);

/// <summary>A V2 error entry: V2 answers a refusal with a list of <c>{status, message}</c>.</summary>
internal sealed record BigCommerceV2Error(int? Status, string? Message);

/// <summary>A V2 order, as far as a cancellation reads it (<c>GET /v2/orders/{id}</c>); <c>status_id</c> 5 is Cancelled.</summary>
internal sealed record BigCommerceOrder(long Id, int StatusId, string? StaffNotes);

/// <summary>The body of <c>PUT /v2/orders/{id}</c> that sets the status.</summary>
internal sealed record BigCommerceOrderStatusUpdate(int StatusId);

/// <summary>The body of <c>PUT /v2/orders/{id}</c> that sets the staff notes.</summary>
internal sealed record BigCommerceStaffNotesUpdate(string StaffNotes);

/// <summary>
/// An order product (<c>GET /v2/orders/{id}/products</c>): a line, its quantity, how much of it is shipped (both
/// numbers in the reference, so read as decimals) and the order address it ships to (0 when none).
/// </summary>
internal sealed record BigCommerceOrderProduct(long Id, string? Sku, decimal Quantity, decimal QuantityShipped, long OrderAddressId);

/// <summary>An order shipping address (<c>GET /v2/orders/{id}/shipping_addresses</c>); only its id is read.</summary>
internal sealed record BigCommerceOrderAddress(long Id);

/// <summary>An order shipment (<c>GET /v2/orders/{id}/shipments</c> and the answer of its POST).</summary>
internal sealed record BigCommerceShipment(
    long Id,
    long OrderId,
    long OrderAddressId,
    string? TrackingNumber,
    string? TrackingCarrier,
    string? ShippingProvider,
    string? Comments,
    List<BigCommerceShipmentItem>? Items);

/// <summary>A shipment item as BigCommerce answers it (<c>product_id</c> is read-only).</summary>
internal sealed record BigCommerceShipmentItem(long OrderProductId, long ProductId, int Quantity);

/// <summary>
/// The body of <c>POST /v2/orders/{id}/shipments</c>. <c>shipping_provider</c> is sent empty because an omitted one
/// defaults to <c>custom</c>, which generates no tracking link; <c>tracking_carrier</c> is left out when unknown.
/// </summary>
internal sealed record BigCommerceNewShipment(
    long OrderAddressId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TrackingNumber,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TrackingCarrier,
    string ShippingProvider,
    string Comments,
    List<BigCommerceNewShipmentItem> Items);

/// <summary>One line of a new shipment: the order product and the quantity shipped.</summary>
internal sealed record BigCommerceNewShipmentItem(long OrderProductId, int Quantity);

/// <summary>Source-generated JSON of the BigCommerce V2 and V3 shapes (snake_case).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BigCommerceVariants))]
[JsonSerializable(typeof(BigCommerceAbsoluteAdjustment))]
[JsonSerializable(typeof(BigCommerceAdjustmentResult))]
[JsonSerializable(typeof(BigCommerceError))]
[JsonSerializable(typeof(List<BigCommerceV2Error>))]
[JsonSerializable(typeof(BigCommerceOrder))]
[JsonSerializable(typeof(BigCommerceOrderStatusUpdate))]
[JsonSerializable(typeof(BigCommerceStaffNotesUpdate))]
[JsonSerializable(typeof(List<BigCommerceOrderProduct>))]
[JsonSerializable(typeof(List<BigCommerceOrderAddress>))]
[JsonSerializable(typeof(List<BigCommerceShipment>))]
[JsonSerializable(typeof(BigCommerceShipment))]
[JsonSerializable(typeof(BigCommerceNewShipment))]
internal sealed partial class BigCommerceJsonContext : JsonSerializerContext;
