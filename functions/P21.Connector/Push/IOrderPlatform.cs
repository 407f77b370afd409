namespace P21.Connector.Push;

/// <summary>One platform's order calls (shipments and cancellations), registered keyed by its <see cref="PushPlatform"/>.</summary>
internal interface IOrderPlatform
{
    /// <summary>
    /// Records <paramref name="shipment"/> on its platform order: the shipped lines and quantities only, with carrier and
    /// tracking. Lines the platform already shows as shipped are not shipped again; when nothing of the shipment is left
    /// to ship, nothing is created and <see cref="ShipmentResult.AlreadyShipped"/> is true (a redelivery after a crash
    /// between the platform's create and our record of it). Transient failures are retried inside.
    /// </summary>
    /// <exception cref="PushRefusedException">The platform refused it for good (unknown order, a 4xx with a reason).</exception>
    /// <exception cref="PushTransientException">The platform kept failing transiently.</exception>
    Task<ShipmentResult> ShipAsync(PushTarget target, StoreShipment shipment, PushCounters counters, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the platform order cancelled in P21: cancels it (<see cref="CancelMode.Cancel"/>, no refund, no restock:
    /// P21 stock reaches the store through the inventory push) or tags / notes it (<see cref="CancelMode.Tag"/>).
    /// Returns false when the order already was (cancelled or tagged), true when this call changed it.
    /// </summary>
    /// <exception cref="PushRefusedException">The platform refused it for good.</exception>
    /// <exception cref="PushTransientException">The platform kept failing transiently.</exception>
    Task<bool> CancelAsync(PushTarget target, string orderId, CancelMode mode, PushCounters counters, CancellationToken cancellationToken);
}
