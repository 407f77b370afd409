using System.Text.Json.Serialization;

namespace P21.Connector.Push.WooCommerce;

/// <summary>A product or variation of <c>GET /wc/v3/products?sku=…</c> (<c>parent_id</c> is 0 for a product).</summary>
internal sealed record WooProduct(long Id, string? Sku, long ParentId);

/// <summary>The body of <c>POST …/batch</c> with updates only.</summary>
internal sealed record WooBatch(List<WooStockUpdate> Update);

/// <summary>One stock update: manage stock and set its absolute quantity.</summary>
internal sealed record WooStockUpdate(long Id, int StockQuantity, bool ManageStock);

/// <summary>The answer of a batch: one entry per update, with <c>error</c> when that one failed.</summary>
internal sealed record WooBatchResult(List<WooBatchItem>? Update);

/// <summary>One update's result.</summary>
internal sealed record WooBatchItem(long Id, int? StockQuantity, WooError? Error);

/// <summary>A WP REST error (<c>code</c>, <c>message</c>).</summary>
internal sealed record WooError(string? Code, string? Message);

/// <summary>Source-generated JSON of the WooCommerce REST v3 shapes (snake_case).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(List<WooProduct>))]
[JsonSerializable(typeof(WooBatch))]
[JsonSerializable(typeof(WooBatchResult))]
[JsonSerializable(typeof(WooError))]
internal sealed partial class WooCommerceJsonContext : JsonSerializerContext;
