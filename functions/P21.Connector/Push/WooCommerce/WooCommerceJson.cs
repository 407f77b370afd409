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

/// <summary>An order (<c>GET /wc/v3/orders/{id}</c>), as far as shipments and cancellations read it.</summary>
internal sealed record WooOrder(long Id, string? Status, List<WooLineItem>? LineItems);

/// <summary>An order line item: its id (the platform line id), SKU and ordered quantity.</summary>
internal sealed record WooLineItem(long Id, string? Sku, int Quantity);

/// <summary>The body of <c>PUT /wc/v3/orders/{id}</c> that sets the status.</summary>
internal sealed record WooStatusUpdate(string Status);

/// <summary>An order note (<c>GET /wc/v3/orders/{id}/notes</c>); <c>customer_note</c> false is a private note.</summary>
internal sealed record WooOrderNote(long Id, string? Note, bool CustomerNote);

/// <summary>The body of <c>POST /wc/v3/orders/{id}/notes</c>; <c>customer_note</c> true also emails the buyer.</summary>
internal sealed record WooNewNote(string Note, bool CustomerNote);

/// <summary>Source-generated JSON of the WooCommerce REST v3 shapes (snake_case).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(List<WooProduct>))]
[JsonSerializable(typeof(WooBatch))]
[JsonSerializable(typeof(WooBatchResult))]
[JsonSerializable(typeof(WooError))]
[JsonSerializable(typeof(WooOrder))]
[JsonSerializable(typeof(WooStatusUpdate))]
[JsonSerializable(typeof(List<WooOrderNote>))]
[JsonSerializable(typeof(WooOrderNote))]
[JsonSerializable(typeof(WooNewNote))]
internal sealed partial class WooCommerceJsonContext : JsonSerializerContext;
