using System.Globalization;

using Microsoft.Extensions.Logging;

using P21.Connector.Amazon;

namespace P21.Connector.Push.Amazon;

/// <summary>
/// Seller-fulfilled shipments through <c>confirmShipment</c> of the Orders API: one package per P21 pick ticket
/// (<c>packageReferenceId</c> = the ticket), with Amazon's carrier code (<c>UPS</c>, <c>USPS</c>, <c>FedEx</c>,
/// <c>DHL</c>, else <c>Other</c> with the carrier's name), the tracking number Amazon requires, and the items by
/// <c>OrderItemId</c> (the order line's platform id the intake kept). Before confirming, <c>getOrder</c> says whether the
/// order is Amazon's to ship (AFN: refused), cancelled (refused) or already shipped, and <c>getOrderItems</c> what is
/// left to ship per item, so a redelivery after a crash confirms nothing twice. Amazon has no API for a seller to
/// cancel an order outside the feeds, so <see cref="CancelAsync"/> refuses (the options refuse <c>order-status</c> for
/// an Amazon target before it gets here).
/// </summary>
internal sealed partial class AmazonShipments(AmazonCalls calls, TimeProvider time, ILogger<AmazonShipments> logger) : IOrderPlatform
{
    private static readonly Dictionary<string, string> CarrierCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UPS"] = "UPS",
        ["USPS"] = "USPS",
        ["FedEx"] = "FedEx",
        ["DHL Express"] = "DHL",
    };

    /// <inheritdoc />
    public async Task<ShipmentResult> ShipAsync(PushTarget target, StoreShipment shipment, PushCounters counters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shipment);
        calls.SellerId(target);
        string id = shipment.OrderId;
        counters.Call();
        AmazonOrder order = await AmazonCalls.RunAsync($"getOrder {id}", () => calls.Client.GetOrderAsync(id, cancellationToken)).ConfigureAwait(false);
        if (order.IsFulfilledByAmazon)
        {
            throw new PushRefusedException($"Amazon order {id} is fulfilled by Amazon (AFN): Amazon ships it, so P21 pick ticket {shipment.PickTicketNo} is not confirmed there.");
        }

        if (order.OrderStatus is "Canceled" or "Unfulfillable")
        {
            throw new PushRefusedException($"Amazon order {id} is {order.OrderStatus}: P21 pick ticket {shipment.PickTicketNo} cannot be confirmed; check the order in Seller Central and P21.");
        }

        counters.Call();
        IReadOnlyList<AmazonOrderItem> items = await AmazonCalls.RunAsync($"getOrderItems {id}", () => calls.Client.GetOrderItemsAsync(id, cancellationToken)).ConfigureAwait(false);
        var left = items.ToDictionary(i => i.OrderItemId, i => i.QuantityOrdered - (i.QuantityShipped ?? 0), StringComparer.Ordinal);
        var shipped = new List<AmazonShippedItem>();
        foreach (StoreShipmentLine line in shipment.Lines)
        {
            if (!left.TryGetValue(line.LineId, out int remaining))
            {
                throw new PushRefusedException($"Amazon order {id} has no order item {line.LineId} (SKU {line.Sku ?? "unknown"}) for P21 pick ticket {shipment.PickTicketNo}.");
            }

            int quantity = Math.Min(line.Quantity, remaining);
            if (quantity > 0)
            {
                shipped.Add(new AmazonShippedItem(line.LineId, quantity));
                left[line.LineId] = remaining - quantity;
            }
        }

        if (shipped.Count == 0)
        {
            LogAlreadyShipped(logger, target.Name, id, shipment.PickTicketNo);
            return new ShipmentResult(null, AlreadyShipped: true);
        }

        if (string.IsNullOrWhiteSpace(shipment.TrackingNumber))
        {
            throw new PushRefusedException($"Amazon requires a tracking number to confirm order {id}; P21 pick ticket {shipment.PickTicketNo} has none. Add it in P21 (or confirm the shipment in Seller Central), then replay.");
        }

        (string code, string? name) = Carrier(shipment.Carrier);
        var confirmation = new AmazonShipmentConfirmation(
            new AmazonPackageDetail(shipment.PickTicketNo, code, name, shipment.TrackingNumber.Trim(),
                time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture), shipped),
            string.IsNullOrEmpty(order.MarketplaceId) ? calls.FirstMarketplace : order.MarketplaceId);
        counters.Call();
        await AmazonCalls.RunAsync($"confirmShipment {id}", async () =>
        {
            await calls.Client.ConfirmShipmentAsync(id, confirmation, cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        LogShipped(logger, target.Name, id, shipment.PickTicketNo, shipped.Count);
        return new ShipmentResult(null, AlreadyShipped: false);
    }

    /// <inheritdoc />
    public Task<bool> CancelAsync(PushTarget target, string orderId, CancelMode mode, PushCounters counters, CancellationToken cancellationToken) =>
        mode == CancelMode.None
            ? Task.FromResult(false)
            : throw new PushRefusedException($"Amazon has no API call for a seller to cancel order {orderId} outside the order feeds: cancel it in Seller Central.");

    private static (string Code, string? Name) Carrier(ShipmentCarrier? carrier) =>
        carrier is null ? ("Other", "Unknown")
        : CarrierCodes.TryGetValue(carrier.Name, out string? code) ? (code, null)
        : ("Other", carrier.Name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Push target {Target}: Amazon order {OrderId} already shows P21 pick ticket {PickTicket} shipped; nothing confirmed")]
    private static partial void LogAlreadyShipped(ILogger logger, string target, string orderId, string pickTicket);

    [LoggerMessage(Level = LogLevel.Information, Message = "Push target {Target}: Amazon order {OrderId} confirmed shipped, P21 pick ticket {PickTicket}, {Items} item(s)")]
    private static partial void LogShipped(ILogger logger, string target, string orderId, string pickTicket, int items);
}
