using System.Text.Json.Serialization;

namespace P21.Connector.Commands;

[JsonDerivedType(typeof(ReturnCreate), "Return.Create")]
public abstract partial record WriteCommandPayload;

/// <summary>One returned line.</summary>
public sealed record ReturnLine(string Sku, decimal Quantity, decimal? UnitPrice, string? Reason);

/// <summary>Create a return (RMA) against an order created earlier from <see cref="ExternalOrderId"/>.</summary>
public sealed record ReturnCreate(
    string ExternalReturnId,
    string ExternalOrderId,
    IReadOnlyList<ReturnLine> Lines,
    string? Notes) : WriteCommandPayload;
