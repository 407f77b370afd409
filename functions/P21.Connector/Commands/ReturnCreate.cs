namespace P21.Connector.Commands;

/// <summary>One returned line.</summary>
public sealed record ReturnLine(string Sku, decimal Quantity, decimal? UnitPrice, string? Reason);

/// <summary>Create a return (RMA) against an order created earlier from <see cref="ExternalOrderId"/>.</summary>
public sealed record ReturnCreate(
    string ExternalReturnId,
    string ExternalOrderId,
    IReadOnlyList<ReturnLine> Lines,
    string? Notes) : WriteCommandPayload
{
    /// <inheritdoc/>
    [System.Text.Json.Serialization.JsonIgnore]
    public override WriteCommandKind Kind => WriteCommandKind.ReturnCreate;
}
