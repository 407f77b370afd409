using System.Globalization;
using System.Text.Json;

using Microsoft.Extensions.Logging;

namespace P21.Connector.Push.Shopify;

/// <summary>
/// Shipments and cancellations on Shopify orders over the GraphQL Admin API. A shipment reads the order's fulfillment
/// orders, takes each shipped line's quantity from the open (<c>OPEN</c>, <c>IN_PROGRESS</c>) fulfillment order line
/// items of that line (never more than their <c>remainingQuantity</c>), and sends one <c>fulfillmentCreate</c> per
/// assigned location (the mutation takes fulfillment orders of one location) with <c>trackingInfo {company, number, url}</c>
/// and <c>notifyCustomer</c>. A fulfilment that already carries the tracking number, or lines with nothing left to
/// fulfil, mean the shipment is on the order already. Cancelling uses <c>orderCancel</c> (no refund, no restock: P21
/// stock reaches the store through the inventory push); tagging uses <c>tagsAdd</c> with <see cref="CancelledTag"/>.
/// </summary>
internal sealed partial class ShopifyOrders(ShopifyGraphQL graphQL, ILogger<ShopifyOrders> logger) : IOrderPlatform
{
    /// <summary>The tag <see cref="CancelMode.Tag"/> adds.</summary>
    public const string CancelledTag = "p21-cancelled";

    private const string OrderQuery =
        "query($id: ID!) { order(id: $id) { id cancelledAt tags fulfillments(first: 50) { id trackingInfo(first: 10) { number } } "
        + "fulfillmentOrders(first: 50) { nodes { id status assignedLocation { location { id } } "
        + "lineItems(first: 250) { nodes { id remainingQuantity lineItem { id } } } } } } }";

    private const string CreateMutation =
        "mutation($fulfillment: FulfillmentInput!, $message: String) { fulfillmentCreate(fulfillment: $fulfillment, message: $message) "
        + "{ fulfillment { id status } userErrors { field message } } }";

    private const string CancelMutation =
        "mutation($id: ID!) { orderCancel(orderId: $id, reason: OTHER, refund: false, restock: false, notifyCustomer: false, staffNote: \"Cancelled in P21\") "
        + "{ job { id } orderCancelUserErrors { field code message } } }";

    private const string TagMutation =
        "mutation($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } } }";

    /// <inheritdoc />
    public async Task<ShipmentResult> ShipAsync(PushTarget target, StoreShipment shipment, PushCounters counters, CancellationToken cancellationToken)
    {
        ShopifyOrder order = await ReadAsync(target, shipment.OrderId, counters, cancellationToken).ConfigureAwait(false);
        if (shipment.TrackingNumber is { Length: > 0 } number
            && order.Fulfillments?.FirstOrDefault(f => f.TrackingInfo?.Any(t => string.Equals(t.Number, number, StringComparison.OrdinalIgnoreCase)) == true) is { } existing)
        {
            return new ShipmentResult(existing.Id, AlreadyShipped: true);
        }

        var byLocation = Allocate(order, shipment);
        if (byLocation.Count == 0)
        {
            return new ShipmentResult(null, AlreadyShipped: true);
        }

        string? created = null;
        foreach (var group in byLocation)
        {
            var input = new ShopifyFulfillmentInput(
                [.. group.Value.Select(fo => new ShopifyFulfillmentOrderLines(fo.Key, [.. fo.Value.Select(l => new ShopifyFulfillmentOrderLine(l.Id, l.Quantity))]))],
                shipment.NotifyCustomer,
                new ShopifyTrackingInput(shipment.Carrier?.Name, shipment.TrackingNumber, shipment.TrackingUrl?.AbsoluteUri));
            byte[] body = JsonSerializer.SerializeToUtf8Bytes(
                new ShopifyCreateRequest(CreateMutation, new ShopifyCreateVariables(input, shipment.Marker)), ShopifyJsonContext.Default.ShopifyCreateRequest);
            var answer = await graphQL.ExecuteAsync(target, body, ShopifyJsonContext.Default.ShopifyResponseShopifyCreateData, counters, cancellationToken).ConfigureAwait(false);
            var payload = answer.Data?.FulfillmentCreate ?? throw new PushRefusedException("fulfillmentCreate answered no payload");
            if (payload.UserErrors is { Count: > 0 } errors)
            {
                throw new PushRefusedException("Shopify refused the fulfilment: " + string.Join("; ", errors.Select(e => e.Message)));
            }

            created ??= payload.Fulfillment?.Id;
        }

        LogShipped(logger, target.Name, shipment.PickTicketNo, byLocation.Count);
        return new ShipmentResult(created, AlreadyShipped: false);
    }

    /// <inheritdoc />
    public async Task<bool> CancelAsync(PushTarget target, string orderId, CancelMode mode, PushCounters counters, CancellationToken cancellationToken)
    {
        if (mode == CancelMode.None)
        {
            return false;
        }

        ShopifyOrder order = await ReadAsync(target, orderId, counters, cancellationToken).ConfigureAwait(false);
        if (order.CancelledAt is not null || (mode == CancelMode.Tag && order.Tags?.Contains(CancelledTag, StringComparer.OrdinalIgnoreCase) == true))
        {
            return false;
        }

        if (mode == CancelMode.Cancel)
        {
            byte[] body = JsonSerializer.SerializeToUtf8Bytes(new ShopifyIdRequest(CancelMutation, new ShopifyIdVariables(order.Id, null)), ShopifyJsonContext.Default.ShopifyIdRequest);
            var answer = await graphQL.ExecuteAsync(target, body, ShopifyJsonContext.Default.ShopifyResponseShopifyCancelData, counters, cancellationToken).ConfigureAwait(false);
            var payload = answer.Data?.OrderCancel ?? throw new PushRefusedException("orderCancel answered no payload");
            if (payload.OrderCancelUserErrors is { Count: > 0 } errors)
            {
                throw new PushRefusedException("Shopify refused to cancel the order: " + string.Join("; ", errors.Select(e => $"{e.Code} {e.Message}".Trim())));
            }
        }
        else
        {
            byte[] body = JsonSerializer.SerializeToUtf8Bytes(new ShopifyIdRequest(TagMutation, new ShopifyIdVariables(order.Id, [CancelledTag])), ShopifyJsonContext.Default.ShopifyIdRequest);
            var answer = await graphQL.ExecuteAsync(target, body, ShopifyJsonContext.Default.ShopifyResponseShopifyTagsData, counters, cancellationToken).ConfigureAwait(false);
            var payload = answer.Data?.TagsAdd ?? throw new PushRefusedException("tagsAdd answered no payload");
            if (payload.UserErrors is { Count: > 0 } errors)
            {
                throw new PushRefusedException("Shopify refused the tag: " + string.Join("; ", errors.Select(e => e.Message)));
            }
        }

        return true;
    }

    /// <summary>A Shopify id as a GID: webhooks carry the number (<c>450789469</c>), the GraphQL API the GID.</summary>
    internal static string Gid(string type, string id) =>
        id.StartsWith("gid://", StringComparison.Ordinal) ? id : $"gid://shopify/{type}/{id.Trim()}";

    /// <summary>
    /// The fulfillment order line items to fulfil, grouped by assigned location, then fulfillment order: each shipped
    /// line's quantity taken from the open items of its order line, at most what remains on each.
    /// </summary>
    internal static Dictionary<string, Dictionary<string, List<(string Id, int Quantity)>>> Allocate(ShopifyOrder order, StoreShipment shipment)
    {
        var groups = new Dictionary<string, Dictionary<string, List<(string Id, int Quantity)>>>(StringComparer.Ordinal);
        var open = (order.FulfillmentOrders?.Nodes ?? []).Where(fo => fo.Status is "OPEN" or "IN_PROGRESS").ToList();
        var remaining = open.SelectMany(fo => fo.LineItems?.Nodes ?? []).ToDictionary(i => i.Id, i => i.RemainingQuantity, StringComparer.Ordinal);
        foreach (var line in shipment.Lines)
        {
            string lineId = Gid("LineItem", line.LineId);
            int wanted = line.Quantity;
            foreach (var fo in open)
            {
                foreach (var item in (fo.LineItems?.Nodes ?? []).Where(i => i.LineItem?.Id == lineId))
                {
                    int take = Math.Min(wanted, remaining[item.Id]);
                    if (take <= 0)
                    {
                        continue;
                    }

                    remaining[item.Id] -= take;
                    wanted -= take;
                    string location = fo.AssignedLocation?.Location?.Id ?? "";
                    var byOrder = groups.TryGetValue(location, out var g) ? g : groups[location] = new(StringComparer.Ordinal);
                    (byOrder.TryGetValue(fo.Id, out var items) ? items : byOrder[fo.Id] = []).Add((item.Id, take));
                }
            }
        }

        return groups;
    }

    private async Task<ShopifyOrder> ReadAsync(PushTarget target, string orderId, PushCounters counters, CancellationToken cancellationToken)
    {
        string id = Gid("Order", orderId);
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(new ShopifyIdRequest(OrderQuery, new ShopifyIdVariables(id, null)), ShopifyJsonContext.Default.ShopifyIdRequest);
        var answer = await graphQL.ExecuteAsync(target, body, ShopifyJsonContext.Default.ShopifyResponseShopifyOrderData, counters, cancellationToken).ConfigureAwait(false);
        return answer.Data?.Order
            ?? throw new PushRefusedException(string.Create(CultureInfo.InvariantCulture, $"Shopify has no order {id} on {target.SettingPath}: it was deleted there, or the order came from another shop."));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Push target {Target}: pick ticket {PickTicketNo} fulfilled on Shopify ({Fulfillments} fulfilments)")]
    private static partial void LogShipped(ILogger logger, string target, string pickTicketNo, int fulfillments);
}
