using System.Text.Json.Serialization;

namespace P21.Connector.Commands;

[JsonDerivedType(typeof(ShipmentConfirm), "Shipment.Confirm")]
public abstract partial record WriteCommandPayload;

/// <summary>Confirm a shipment: P21's <c>Shipping</c> service is the only writer of the tracking number.</summary>
public sealed record ShipmentConfirm(
    string OrderReference,
    string? PickTicketNumber,
    string Carrier,
    string TrackingNumber,
    DateTimeOffset? ShipDate) : WriteCommandPayload;
