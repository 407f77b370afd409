using System.Text.Json.Serialization;

namespace P21.Connector.Commands;

[JsonDerivedType(typeof(PurchaseOrderCreate), "PurchaseOrder.Create")]
[JsonDerivedType(typeof(PurchaseOrderUpdate), "PurchaseOrder.Update")]
public abstract partial record WriteCommandPayload;

/// <summary>One purchase order line; P21 ignores a sent unit cost (its pricing lookup wins), so it is informational.</summary>
public sealed record PurchaseOrderLine(string Sku, decimal Quantity, decimal? UnitCost, string? Description);

/// <summary>Create a purchase order for a vendor at a location.</summary>
public sealed record PurchaseOrderCreate(
    string ExternalPurchaseOrderId,
    string VendorId,
    string LocationId,
    DateTimeOffset? ExpectedDate,
    IReadOnlyList<PurchaseOrderLine> Lines,
    string? Notes) : WriteCommandPayload;

/// <summary>Update the lines or expected date of a purchase order created earlier from <see cref="ExternalPurchaseOrderId"/>.</summary>
public sealed record PurchaseOrderUpdate(
    string ExternalPurchaseOrderId,
    DateTimeOffset? ExpectedDate,
    IReadOnlyList<PurchaseOrderLine> Lines,
    string? Notes) : WriteCommandPayload;
