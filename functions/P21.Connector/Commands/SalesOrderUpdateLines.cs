namespace P21.Connector.Commands;

/// <summary>Replace the lines of a sales order created earlier from <see cref="ExternalOrderId"/>.</summary>
public sealed record SalesOrderUpdateLines(
    string ExternalOrderId,
    IReadOnlyList<OrderLine> Lines,
    string? Reason) : WriteCommandPayload
{
    /// <inheritdoc/>
    [System.Text.Json.Serialization.JsonIgnore]
    public override WriteCommandKind Kind => WriteCommandKind.SalesOrderUpdateLines;
}
