using System.Text.Json.Serialization;

namespace P21.Connector.Push.Shopify;

/// <summary>A GraphQL answer: data, errors (top level, e.g. <c>THROTTLED</c>) and the query cost.</summary>
internal sealed record ShopifyResponse<TData>(TData? Data, List<ShopifyError>? Errors, ShopifyExtensions? Extensions);

/// <summary>A top-level GraphQL error.</summary>
internal sealed record ShopifyError(string? Message, ShopifyErrorExtensions? Extensions);

/// <summary>The error's extensions; <c>code</c> is <c>THROTTLED</c> when the cost bucket is empty.</summary>
internal sealed record ShopifyErrorExtensions(string? Code);

/// <summary>The answer's <c>extensions</c>.</summary>
internal sealed record ShopifyExtensions(ShopifyCost? Cost);

/// <summary><c>extensions.cost</c>: requested and actual cost and the bucket after the call.</summary>
internal sealed record ShopifyCost(double RequestedQueryCost, double? ActualQueryCost, ShopifyThrottleStatus? ThrottleStatus);

/// <summary><c>extensions.cost.throttleStatus</c>.</summary>
internal sealed record ShopifyThrottleStatus(double MaximumAvailable, double CurrentlyAvailable, double RestoreRate);

/// <summary>A request whose only variable is a search query string.</summary>
internal sealed record ShopifySearchRequest(string Query, ShopifySearchVariables Variables);

/// <summary>The variables of <see cref="ShopifySearchRequest"/>.</summary>
internal sealed record ShopifySearchVariables(string Q);

/// <summary>A request without variables.</summary>
internal sealed record ShopifyQueryRequest(string Query);

/// <summary><c>data</c> of the SKU lookup.</summary>
internal sealed record ShopifyVariantsData(ShopifyVariantConnection? ProductVariants);

/// <summary>A page of variants.</summary>
internal sealed record ShopifyVariantConnection(List<ShopifyVariant> Nodes);

/// <summary>A variant's SKU and inventory item.</summary>
internal sealed record ShopifyVariant(string? Sku, ShopifyNodeRef? InventoryItem);

/// <summary>A node's GID.</summary>
internal sealed record ShopifyNodeRef(string Id);

/// <summary><c>data</c> of <c>inventorySetQuantities</c>.</summary>
internal sealed record ShopifySetData(ShopifySetPayload? InventorySetQuantities);

/// <summary>The mutation's payload.</summary>
internal sealed record ShopifySetPayload(ShopifyNodeRef? InventoryAdjustmentGroup, List<ShopifyUserError>? UserErrors);

/// <summary>An <c>InventorySetQuantitiesUserError</c>: <c>field</c> is the input path, e.g. <c>["input","quantities","3","changeFromQuantity"]</c>.</summary>
internal sealed record ShopifyUserError(List<string>? Field, string? Code, string? Message);

/// <summary>An inventory item's level at one location (the re-read after a conflict).</summary>
internal sealed record ShopifyItemLevel(ShopifyInventoryLevel? InventoryLevel);

/// <summary>An inventory level's named quantities.</summary>
internal sealed record ShopifyInventoryLevel(List<ShopifyQuantity>? Quantities);

/// <summary>A named quantity (<c>available</c>).</summary>
internal sealed record ShopifyQuantity(string Name, int Quantity);

/// <summary>Source-generated JSON of the Shopify GraphQL Admin API shapes (camelCase, as GraphQL names them).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ShopifySearchRequest))]
[JsonSerializable(typeof(ShopifyQueryRequest))]
[JsonSerializable(typeof(ShopifyResponse<ShopifyVariantsData>))]
[JsonSerializable(typeof(ShopifyResponse<ShopifySetData>))]
[JsonSerializable(typeof(ShopifyResponse<Dictionary<string, ShopifyItemLevel?>>))]
internal sealed partial class ShopifyJsonContext : JsonSerializerContext;

/// <summary>Source-generated JSON of a string: GraphQL string literals are written as JSON string literals.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class ShopifyStringContext : JsonSerializerContext;
