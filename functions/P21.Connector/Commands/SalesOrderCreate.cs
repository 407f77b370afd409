using System.Text.Json.Serialization;

namespace P21.Connector.Commands;

[JsonDerivedType(typeof(SalesOrderCreate), "SalesOrder.Create")]
public abstract partial record WriteCommandPayload;

/// <summary>
/// Create a sales order from a storefront or marketplace order. <see cref="PurchaseOrderNumber"/> is what goes into
/// P21's <c>po_no</c>: the buyer's PO where the platform has one, else the storefront's order name. <see cref="Charges"/>
/// are freight and fees, <see cref="Standing"/> the platform status intake judged eligibility by, <see cref="ShipMethod"/>
/// the buyer's chosen shipping method (mapped to a P21 carrier by <c>Writer:CarrierMap</c>), and
/// <see cref="TaxesIncluded"/> says the platform's prices include tax (the writer takes each line's tax out: P21 prices
/// are net and P21 adds its own tax).
/// </summary>
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
    string? PurchaseOrderNumber = null,
    IReadOnlyList<OrderCharge>? Charges = null,
    OrderStanding? Standing = null,
    string? ShipMethod = null,
    bool TaxesIncluded = false) : WriteCommandPayload;
