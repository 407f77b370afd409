namespace P21.Connector.Commands;

/// <summary>Confirm a shipment: P21's <c>Shipping</c> service is the only writer of the tracking number.</summary>
public sealed record ShipmentConfirm(
    string OrderReference,
    string? PickTicketNumber,
    string Carrier,
    string TrackingNumber,
    DateTimeOffset? ShipDate) : WriteCommandPayload
{
    /// <inheritdoc/>
    [System.Text.Json.Serialization.JsonIgnore]
    public override WriteCommandKind Kind => WriteCommandKind.ShipmentConfirm;
}
