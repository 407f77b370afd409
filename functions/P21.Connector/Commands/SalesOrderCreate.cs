namespace P21.Connector.Commands;

/// <summary>Create a sales order from a storefront or marketplace order.</summary>
public sealed record SalesOrderCreate(
    string ExternalOrderId,
    DateTimeOffset OrderDate,
    DateTimeOffset? RequestedShipDate,
    OrderCustomer Customer,
    PostalAddress? BillTo,
    PostalAddress? ShipTo,
    IReadOnlyList<OrderLine> Lines,
    string Currency,
    string? Notes,
    OrderTotals? Totals,
    string? PurchaseOrderNumber = null) : WriteCommandPayload
{
    /// <inheritdoc/>
    [System.Text.Json.Serialization.JsonIgnore]
    public override WriteCommandKind Kind => WriteCommandKind.SalesOrderCreate;
}
