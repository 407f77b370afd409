using System.Text.Json.Serialization;

namespace P21.Connector.Commands;

[JsonDerivedType(typeof(SalesOrderCancel), "SalesOrder.Cancel")]
public abstract partial record WriteCommandPayload;

/// <summary>
/// The storefront cancelled an order (Shopify <c>cancelled_at</c>, WooCommerce <c>cancelled</c>, BigCommerce status 5,
/// Amazon <c>Canceled</c>). Intake sends it for every cancelled order it sees; the writer cancels the P21 order made from
/// <see cref="ExternalOrderId"/> when configured to, parks it for an operator otherwise, and does nothing when no P21
/// order was ever made.
/// </summary>
public sealed record SalesOrderCancel(string ExternalOrderId, string? PlatformStatus) : WriteCommandPayload;
