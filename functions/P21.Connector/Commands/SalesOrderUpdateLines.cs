using System.Text.Json.Serialization;

namespace P21.Connector.Commands;

[JsonDerivedType(typeof(SalesOrderUpdateLines), "SalesOrder.UpdateLines")]
public abstract partial record WriteCommandPayload;

/// <summary>Replace the lines of a sales order created earlier from <see cref="ExternalOrderId"/>.</summary>
public sealed record SalesOrderUpdateLines(
    string ExternalOrderId,
    IReadOnlyList<OrderLine> Lines,
    string? Reason) : WriteCommandPayload;
