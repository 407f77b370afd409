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

/// <summary>Source-generated JSON of the BigCommerce V3 shapes (snake_case).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BigCommerceVariants))]
[JsonSerializable(typeof(BigCommerceAbsoluteAdjustment))]
[JsonSerializable(typeof(BigCommerceAdjustmentResult))]
[JsonSerializable(typeof(BigCommerceError))]
internal sealed partial class BigCommerceJsonContext : JsonSerializerContext;
