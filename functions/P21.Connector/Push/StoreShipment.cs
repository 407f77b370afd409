namespace P21.Connector.Push;

/// <summary>A P21 shipment (pick ticket) as a platform order takes it.</summary>
/// <param name="OrderId">The platform's order id (the command's <c>ExternalOrderId</c>, P21's <c>web_reference_no</c>).</param>
/// <param name="PickTicketNo">The P21 pick ticket: written into the platform's shipment so a redelivery recognises it.</param>
/// <param name="Lines">The shipped lines, by platform line id, with their shipped quantities (all positive).</param>
/// <param name="Carrier">The carrier as the platform names it (<see cref="ShipmentCarrier"/>); null when P21 has none.</param>
/// <param name="TrackingNumber">The tracking number; null when P21 has none.</param>
/// <param name="TrackingUrl">A tracking page for known carriers; null otherwise.</param>
/// <param name="NotifyCustomer">Whether the platform should tell the buyer (Shopify <c>notifyCustomer</c>, WooCommerce <c>customer_note</c>).</param>
internal sealed record StoreShipment(
    string OrderId,
    string PickTicketNo,
    IReadOnlyList<StoreShipmentLine> Lines,
    ShipmentCarrier? Carrier,
    string? TrackingNumber,
    Uri? TrackingUrl,
    bool NotifyCustomer)
{
    /// <summary>The words a platform note or comment carries, so the shipment is found again: <c>P21 pick ticket 1001</c>.</summary>
    public string Marker => $"P21 pick ticket {PickTicketNo}";
}

/// <summary>A shipped line.</summary>
/// <param name="LineId">The platform's order line id (the command line's <c>PlatformLineId</c>).</param>
/// <param name="Sku">The SKU, for messages.</param>
/// <param name="Quantity">The quantity shipped on this ticket (whole units).</param>
internal sealed record StoreShipmentLine(string LineId, string? Sku, int Quantity);

/// <summary>What <see cref="IOrderPlatform.ShipAsync"/> did.</summary>
/// <param name="ShipmentId">The platform's id of the fulfilment or shipment created (or found); null when none applies (WooCommerce).</param>
/// <param name="AlreadyShipped">Nothing was created: the platform already had this shipment.</param>
internal sealed record ShipmentResult(string? ShipmentId, bool AlreadyShipped);

/// <summary>A carrier in the names each platform takes.</summary>
/// <param name="Name">The display name (Shopify <c>trackingInfo.company</c>, WooCommerce note): <c>UPS</c>, <c>FedEx</c>, <c>USPS</c>, <c>DHL Express</c> or the P21 carrier as configured.</param>
/// <param name="BigCommerceProvider">BigCommerce <c>tracking_carrier</c> (<c>ups</c>, <c>fedex</c>, <c>usps</c>, <c>dhl</c>); empty when unknown.</param>
internal sealed record ShipmentCarrier(string Name, string BigCommerceProvider);

/// <summary>What a target does on the platform when P21 cancels an order that came from it.</summary>
public enum CancelMode
{
    /// <summary>Tag (Shopify <c>p21-cancelled</c>), staff note (BigCommerce) or private note (WooCommerce); a person decides.</summary>
    Tag,

    /// <summary>Cancel the platform order (no refund, no restock).</summary>
    Cancel,

    /// <summary>Push nothing.</summary>
    None,
}
