using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using Microsoft.Extensions.Logging;

namespace P21.Connector.Push.BigCommerce;

/// <summary>
/// BigCommerce V2 Orders, on the client, token and store quota of <see cref="BigCommerceInventory"/>
/// (<see cref="BigCommerceCalls"/>). A shipment reads <c>GET /v2/orders/{id}/shipments</c> (one whose <c>comments</c>
/// hold the pick ticket's marker, or with our tracking number, is the same shipment already created),
/// <c>GET /v2/orders/{id}/products</c> (<c>quantity</c> − <c>quantity_shipped</c> is what a line still has to ship) and
/// <c>GET /v2/orders/{id}/shipping_addresses</c> (the first address), then creates it with
/// <c>POST /v2/orders/{id}/shipments</c> (<c>order_address_id</c>, <c>tracking_number</c>, <c>tracking_carrier</c>,
/// <c>comments</c>, <c>items: [{order_product_id, quantity}]</c>). A cancellation sets <c>status_id</c> 5 (Cancelled)
/// or appends "Cancelled in P21" to <c>staff_notes</c> with <c>PUT /v2/orders/{id}</c>. V2 answers an empty list with
/// 204 and a refusal with <c>[{status, message}]</c>.
/// The shipment goes to the first shipping address, or to the one its products name (<c>order_address_id</c> on an
/// order product); lines bound for several addresses are refused rather than split.
/// Confirmed against the published reference (developer.bigcommerce.com, Orders V2): Order Shipments (<c>id</c>,
/// <c>order_id</c>, <c>order_address_id</c>, <c>tracking_number</c>, <c>tracking_carrier</c>, <c>shipping_provider</c>,
/// <c>comments</c>, <c>items[{order_product_id, product_id, quantity}]</c>; <c>order_address_id</c> and <c>items</c>
/// required; an omitted <c>shipping_provider</c> becomes <c>custom</c> with no tracking link, so it is sent empty);
/// Order Products (<c>id</c>, <c>sku</c>, <c>order_address_id</c>, <c>quantity</c>, <c>quantity_shipped</c>, both
/// numbers, per BigCommerce's Orders V2 OpenAPI as generated in moderntribe/bigcommerce-api-php); Order Status (5 =
/// Cancelled); <c>staff_notes</c> and <c>status_id</c> on the order.
/// </summary>
internal sealed partial class BigCommerceOrders(PushHttp http, PushCredentials credentials, ILogger<BigCommerceOrders> logger) : IOrderPlatform
{
    /// <summary>BigCommerce's order status Cancelled.</summary>
    public const int CancelledStatus = 5;

    /// <summary>The line appended to <c>staff_notes</c> for <see cref="CancelMode.Tag"/>.</summary>
    public const string CancelledNote = "Cancelled in P21";

    /// <summary>Entries per page of the V2 lists (their maximum).</summary>
    public const int PageSize = 250;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _quotaResets = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<ShipmentResult> ShipAsync(PushTarget target, StoreShipment shipment, PushCounters counters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shipment);
        string order = OrderPath(shipment.OrderId);
        var shipments = await GetListAsync(target, shipment.OrderId, $"{order}/shipments", BigCommerceJsonContext.Default.ListBigCommerceShipment, counters, cancellationToken).ConfigureAwait(false);
        var existing = shipments.FirstOrDefault(s => s.Comments?.Contains(shipment.Marker, StringComparison.Ordinal) == true
            || (!string.IsNullOrWhiteSpace(shipment.TrackingNumber) && string.Equals(s.TrackingNumber?.Trim(), shipment.TrackingNumber.Trim(), StringComparison.OrdinalIgnoreCase)));
        if (existing is not null)
        {
            string id = existing.Id.ToString(CultureInfo.InvariantCulture);
            LogAlreadyShipped(logger, target.Name, shipment.OrderId, shipment.PickTicketNo, id);
            return new ShipmentResult(id, AlreadyShipped: true);
        }

        var products = (await GetListAsync(target, shipment.OrderId, $"{order}/products", BigCommerceJsonContext.Default.ListBigCommerceOrderProduct, counters, cancellationToken).ConfigureAwait(false))
            .ToDictionary(p => p.Id);
        var items = new List<BigCommerceNewShipmentItem>();
        foreach (var group in shipment.Lines.GroupBy(l => l.LineId, StringComparer.Ordinal))
        {
            long lineId = long.TryParse(group.Key, NumberStyles.None, CultureInfo.InvariantCulture, out long parsed) && products.TryGetValue(parsed, out _)
                ? parsed
                : throw new PushRefusedException($"BigCommerce order {shipment.OrderId} has no order product {group.Key} (SKU {group.First().Sku ?? "unknown"}) for P21 pick ticket {shipment.PickTicketNo}.");
            var product = products[lineId];
            int remaining = (int)Math.Max(0, decimal.Floor(product.Quantity - product.QuantityShipped));
            int quantity = Math.Min(remaining, group.Sum(l => l.Quantity));
            if (quantity > 0)
            {
                items.Add(new BigCommerceNewShipmentItem(lineId, quantity));
            }
        }

        if (items.Count == 0)
        {
            // Every line already shows as shipped: a redelivery whose shipment lost its marker, or one shipped by hand.
            LogAlreadyShipped(logger, target.Name, shipment.OrderId, shipment.PickTicketNo, null);
            return new ShipmentResult(null, AlreadyShipped: true);
        }

        // A shipment goes to one address; on a multi-address order each product names its own.
        var productAddresses = items.Select(i => products[i.OrderProductId].OrderAddressId).Where(a => a > 0).Distinct().ToList();
        if (productAddresses.Count > 1)
        {
            throw new PushRefusedException($"BigCommerce order {shipment.OrderId} ships P21 pick ticket {shipment.PickTicketNo}'s lines to {productAddresses.Count} addresses; one shipment per address is not supported, ship it in the control panel.");
        }

        var addresses = await GetListAsync(target, shipment.OrderId, $"{order}/shipping_addresses", BigCommerceJsonContext.Default.ListBigCommerceOrderAddress, counters, cancellationToken).ConfigureAwait(false);
        long addressId = addresses.Count == 0
            ? throw new PushRefusedException($"BigCommerce order {shipment.OrderId} has no shipping address, so P21 pick ticket {shipment.PickTicketNo} cannot be recorded as a shipment.")
            : productAddresses.Count == 1 && addresses.Any(a => a.Id == productAddresses[0]) ? productAddresses[0] : addresses[0].Id;
        string? carrier = string.IsNullOrWhiteSpace(shipment.Carrier?.BigCommerceProvider) ? null : shipment.Carrier.BigCommerceProvider;
        string? tracking = string.IsNullOrWhiteSpace(shipment.TrackingNumber) ? null : shipment.TrackingNumber.Trim();
        var body = new BigCommerceNewShipment(addressId, tracking, carrier, ShippingProvider: "", shipment.Marker, items);
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(body, BigCommerceJsonContext.Default.BigCommerceNewShipment);
        using var response = await SendAsync(target, () => new HttpRequestMessage(HttpMethod.Post, target.Under($"{order}/shipments")) { Content = Json(json) }, counters, cancellationToken).ConfigureAwait(false);
        string text = await ReadAsync(response, shipment.OrderId, "the shipment", cancellationToken).ConfigureAwait(false);
        string? created = JsonSerializer.Deserialize(text, BigCommerceJsonContext.Default.BigCommerceShipment)?.Id.ToString(CultureInfo.InvariantCulture);
        LogShipped(logger, target.Name, shipment.OrderId, shipment.PickTicketNo, created, items.Count);
        return new ShipmentResult(created, AlreadyShipped: false);
    }

    /// <inheritdoc />
    public async Task<bool> CancelAsync(PushTarget target, string orderId, CancelMode mode, PushCounters counters, CancellationToken cancellationToken)
    {
        if (mode == CancelMode.None)
        {
            return false;
        }

        string order = OrderPath(orderId);
        using (var read = await SendAsync(target, () => new HttpRequestMessage(HttpMethod.Get, target.Under(order)), counters, cancellationToken).ConfigureAwait(false))
        {
            string text = await ReadAsync(read, orderId, "the order", cancellationToken).ConfigureAwait(false);
            var current = JsonSerializer.Deserialize(text, BigCommerceJsonContext.Default.BigCommerceOrder)
                ?? throw new PushRefusedException($"BigCommerce answered order {orderId} with an empty body.");
            byte[]? json = mode switch
            {
                CancelMode.Cancel when current.StatusId != CancelledStatus =>
                    JsonSerializer.SerializeToUtf8Bytes(new BigCommerceOrderStatusUpdate(CancelledStatus), BigCommerceJsonContext.Default.BigCommerceOrderStatusUpdate),
                CancelMode.Tag when current.StaffNotes?.Contains(CancelledNote, StringComparison.Ordinal) != true =>
                    JsonSerializer.SerializeToUtf8Bytes(new BigCommerceStaffNotesUpdate(string.IsNullOrEmpty(current.StaffNotes) ? CancelledNote : $"{current.StaffNotes.TrimEnd()}\n{CancelledNote}"),
                        BigCommerceJsonContext.Default.BigCommerceStaffNotesUpdate),
                _ => null,
            };
            if (json is null)
            {
                return false;
            }

            using var update = await SendAsync(target, () => new HttpRequestMessage(HttpMethod.Put, target.Under(order)) { Content = Json(json) }, counters, cancellationToken).ConfigureAwait(false);
            await ReadAsync(update, orderId, "the order update", cancellationToken).ConfigureAwait(false);
        }

        LogCancelled(logger, target.Name, orderId, mode);
        return true;
    }

    /// <summary>Every page of a V2 list under the order (204 is an empty list).</summary>
    private async Task<List<T>> GetListAsync<T>(PushTarget target, string orderId, string path, JsonTypeInfo<List<T>> type, PushCounters counters, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        for (int page = 1; ; page++)
        {
            using var response = await SendAsync(target, () => new HttpRequestMessage(HttpMethod.Get, target.Under($"{path}?page={page}&limit={PageSize}")), counters, cancellationToken).ConfigureAwait(false);
            string text = await ReadAsync(response, orderId, path[(path.LastIndexOf('/') + 1)..], cancellationToken).ConfigureAwait(false);
            var entries = text.Length == 0 ? [] : JsonSerializer.Deserialize(text, type) ?? [];
            all.AddRange(entries);
            if (entries.Count < PageSize)
            {
                return all;
            }
        }
    }

    /// <summary>The answer's text; a 404 or other refusal thrown as <see cref="PushRefusedException"/>.</summary>
    private static async Task<string> ReadAsync(HttpResponseMessage response, string orderId, string what, CancellationToken cancellationToken)
    {
        string text = response.StatusCode == HttpStatusCode.NoContent ? "" : await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.NotFound
            ? throw new PushRefusedException($"BigCommerce has no order {orderId} (404 on {what}).")
            : !response.IsSuccessStatusCode
                ? throw new PushRefusedException($"BigCommerce answered {(int)response.StatusCode} to {what} of order {orderId}: {BigCommerceCalls.Reason(text)}")
                : text;
    }

    private Task<HttpResponseMessage> SendAsync(PushTarget target, Func<HttpRequestMessage> build, PushCounters counters, CancellationToken cancellationToken) =>
        BigCommerceCalls.SendAsync(http, credentials, _quotaResets, logger, target, build, counters, cancellationToken);

    /// <summary>The order's V2 path; an id that is not a BigCommerce order number is refused before any call.</summary>
    private static string OrderPath(string orderId) =>
        long.TryParse(orderId, NumberStyles.None, CultureInfo.InvariantCulture, out long id) && id > 0
            ? $"v2/orders/{id.ToString(CultureInfo.InvariantCulture)}"
            : throw new PushRefusedException($"'{orderId}' is not a BigCommerce order id (a positive number).");

    private static ByteArrayContent Json(byte[] json) => new(json) { Headers = { ContentType = new("application/json") } };

    [LoggerMessage(Level = LogLevel.Information, Message = "Push target {Target}: BigCommerce order {OrderId} took pick ticket {PickTicket} as shipment {ShipmentId} ({Lines} lines)")]
    private static partial void LogShipped(ILogger logger, string target, string orderId, string pickTicket, string? shipmentId, int lines);

    [LoggerMessage(Level = LogLevel.Information, Message = "Push target {Target}: BigCommerce order {OrderId} already has pick ticket {PickTicket} (shipment {ShipmentId}); nothing created")]
    private static partial void LogAlreadyShipped(ILogger logger, string target, string orderId, string pickTicket, string? shipmentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Push target {Target}: BigCommerce order {OrderId} marked cancelled in P21 ({Mode})")]
    private static partial void LogCancelled(ILogger logger, string target, string orderId, CancelMode mode);
}
