using System.Text.Json.Serialization;

namespace P21.Connector.Amazon;

/// <summary>
/// A <c>patchListingsItem</c> body (<c>ListingsItemPatchRequest</c> of models/listings-items-api-model/listingsItems_2021-08-01.json):
/// the product type and one or more JSON Patch operations.
/// </summary>
internal sealed record AmazonListingPatch(
    [property: JsonPropertyName("productType")] string ProductType,
    [property: JsonPropertyName("patches")] IReadOnlyList<AmazonPatchOperation> Patches);

/// <summary>One JSON Patch operation on a listing attribute.</summary>
internal sealed record AmazonPatchOperation(
    [property: JsonPropertyName("op")] string Op,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("value")] IReadOnlyList<AmazonFulfillmentAvailability> Value);

/// <summary>The <c>fulfillment_availability</c> attribute: the quantity the seller ships from one fulfillment channel.</summary>
internal sealed record AmazonFulfillmentAvailability(
    [property: JsonPropertyName("fulfillment_channel_code")] string FulfillmentChannelCode,
    [property: JsonPropertyName("quantity")] int Quantity);

/// <summary>The answer to a listings submission (<c>ListingsItemSubmissionResponse</c>): ACCEPTED or INVALID, with issues.</summary>
internal sealed record AmazonListingSubmission(
    [property: JsonPropertyName("sku")] string? Sku,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("submissionId")] string? SubmissionId,
    [property: JsonPropertyName("issues")] IReadOnlyList<AmazonListingIssue>? Issues)
{
    /// <summary>The status of a submission Amazon took for processing.</summary>
    public const string Accepted = "ACCEPTED";
}

/// <summary>A listings issue: <c>code</c>, <c>message</c>, <c>severity</c> (ERROR, WARNING, INFO).</summary>
internal sealed record AmazonListingIssue(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("severity")] string? Severity);

/// <summary>
/// A <c>confirmShipment</c> body (<c>ConfirmShipmentRequest</c> of models/orders-api-model/ordersV0.json): one package
/// with its carrier, tracking number, ship date and items, and the order's marketplace.
/// </summary>
internal sealed record AmazonShipmentConfirmation(
    [property: JsonPropertyName("packageDetail")] AmazonPackageDetail PackageDetail,
    [property: JsonPropertyName("marketplaceId")] string MarketplaceId);

/// <summary>
/// <c>PackageDetail</c>: <c>packageReferenceId</c> (ours: the P21 pick ticket), <c>carrierCode</c> (Amazon's code, or
/// <c>Other</c> with <c>carrierName</c>), <c>trackingNumber</c>, <c>shipDate</c> and the items shipped.
/// </summary>
internal sealed record AmazonPackageDetail(
    [property: JsonPropertyName("packageReferenceId")] string PackageReferenceId,
    [property: JsonPropertyName("carrierCode")] string CarrierCode,
    [property: JsonPropertyName("carrierName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CarrierName,
    [property: JsonPropertyName("trackingNumber")] string TrackingNumber,
    [property: JsonPropertyName("shipDate")] string ShipDate,
    [property: JsonPropertyName("orderItems")] IReadOnlyList<AmazonShippedItem> OrderItems);

/// <summary><c>ConfirmShipmentOrderItem</c>: an order item and the quantity in this package.</summary>
internal sealed record AmazonShippedItem(
    [property: JsonPropertyName("orderItemId")] string OrderItemId,
    [property: JsonPropertyName("quantity")] int Quantity);
