using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

using Microsoft.Extensions.Logging;

namespace P21.Connector.Push.WooCommerce;

/// <summary>
/// WooCommerce REST v3 orders, on the client and basic auth of <see cref="WooCommerceInventory"/>
/// (<see cref="WooCommerceCalls"/>). WooCommerce has no shipment object, so a shipment is an order note:
/// <c>GET /wp-json/wc/v3/orders/{id}/notes</c> (a note holding the pick ticket's marker means it is already recorded),
/// then <c>POST …/notes</c> with <c>note</c> = "Shipped {lines} via {carrier} tracking {number} {url}. {marker}" and
/// <c>customer_note</c> = <see cref="StoreShipment.NotifyCustomer"/>.
/// The status rule: WooCommerce keeps no shipped quantity per line, so the order is set <c>completed</c>
/// (<c>PUT /wp-json/wc/v3/orders/{id}</c>) only when this one shipment covers every <c>line_items</c> entry's full
/// quantity, and only from an open status (not already completed, cancelled, refunded or failed). An order shipped
/// over several pick tickets keeps its status for a person to complete; earlier tickets' notes are not summed.
/// A cancellation sets <c>status</c> <c>cancelled</c> (after a GET shows it is not) or adds the private note
/// "Cancelled in P21" (unless a note already says so). <see cref="ShipmentResult.ShipmentId"/> is always null.
/// Confirmed against the published reference (WooCommerce REST API docs and the v3 controllers in the WooCommerce Code
/// Reference, woocommerce.github.io/code-reference, class-wc-rest-order-notes-controller.php): notes carry <c>id</c>,
/// <c>note</c>, <c>customer_note</c> (true notifies the buyer); orders carry <c>id</c>, <c>status</c> (pending,
/// processing, on-hold, completed, cancelled, refunded, failed) and <c>line_items[{id, sku, quantity}]</c>.
/// </summary>
internal sealed partial class WooCommerceOrders(PushHttp http, PushCredentials credentials, ILogger<WooCommerceOrders> logger) : IOrderPlatform
{
    /// <summary>The private note added for <see cref="CancelMode.Tag"/>.</summary>
    public const string CancelledNote = "Cancelled in P21";

    /// <summary>Statuses the adapter leaves alone when a shipment completes the order: done, or someone else's call.</summary>
    private static readonly HashSet<string> Closed = new(StringComparer.OrdinalIgnoreCase) { "completed", "cancelled", "refunded", "failed" };

    /// <inheritdoc />
    public async Task<ShipmentResult> ShipAsync(PushTarget target, StoreShipment shipment, PushCounters counters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shipment);
        string order = OrderPath(shipment.OrderId);
        var notes = await GetNotesAsync(target, shipment.OrderId, order, counters, cancellationToken).ConfigureAwait(false);
        if (notes.Any(n => n.Note?.Contains(shipment.Marker, StringComparison.Ordinal) == true))
        {
            LogAlreadyShipped(logger, target.Name, shipment.OrderId, shipment.PickTicketNo);
            return new ShipmentResult(null, AlreadyShipped: true);
        }

        var current = await GetOrderAsync(target, shipment.OrderId, order, counters, cancellationToken).ConfigureAwait(false);
        var lines = (current.LineItems ?? []).ToDictionary(l => l.Id.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal);
        var shipped = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in shipment.Lines)
        {
            if (!lines.ContainsKey(line.LineId))
            {
                throw new PushRefusedException($"WooCommerce order {shipment.OrderId} has no line item {line.LineId} (SKU {line.Sku ?? "unknown"}) for P21 pick ticket {shipment.PickTicketNo}.");
            }

            shipped[line.LineId] = shipped.GetValueOrDefault(line.LineId) + line.Quantity;
        }

        string text = NoteText(shipment, lines);
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(new WooNewNote(text, shipment.NotifyCustomer), WooCommerceJsonContext.Default.WooNewNote);
        using (var posted = await SendAsync(target, () => new HttpRequestMessage(HttpMethod.Post, target.Under($"{order}/notes")) { Content = Json(json) }, counters, cancellationToken).ConfigureAwait(false))
        {
            await ReadAsync(posted, shipment.OrderId, "the shipment note", cancellationToken).ConfigureAwait(false);
        }

        bool complete = lines.Count > 0 && lines.Values.All(l => shipped.GetValueOrDefault(l.Id.ToString(CultureInfo.InvariantCulture)) >= l.Quantity);
        if (complete && !Closed.Contains(current.Status ?? ""))
        {
            await SetStatusAsync(target, shipment.OrderId, order, "completed", counters, cancellationToken).ConfigureAwait(false);
        }

        LogShipped(logger, target.Name, shipment.OrderId, shipment.PickTicketNo, complete);
        return new ShipmentResult(null, AlreadyShipped: false);
    }

    /// <inheritdoc />
    public async Task<bool> CancelAsync(PushTarget target, string orderId, CancelMode mode, PushCounters counters, CancellationToken cancellationToken)
    {
        if (mode == CancelMode.None)
        {
            return false;
        }

        string order = OrderPath(orderId);
        if (mode == CancelMode.Cancel)
        {
            var current = await GetOrderAsync(target, orderId, order, counters, cancellationToken).ConfigureAwait(false);
            if (string.Equals(current.Status, "cancelled", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            await SetStatusAsync(target, orderId, order, "cancelled", counters, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var notes = await GetNotesAsync(target, orderId, order, counters, cancellationToken).ConfigureAwait(false);
            if (notes.Any(n => !n.CustomerNote && n.Note?.Contains(CancelledNote, StringComparison.Ordinal) == true))
            {
                return false;
            }

            byte[] json = JsonSerializer.SerializeToUtf8Bytes(new WooNewNote(CancelledNote, CustomerNote: false), WooCommerceJsonContext.Default.WooNewNote);
            using var posted = await SendAsync(target, () => new HttpRequestMessage(HttpMethod.Post, target.Under($"{order}/notes")) { Content = Json(json) }, counters, cancellationToken).ConfigureAwait(false);
            await ReadAsync(posted, orderId, "the cancellation note", cancellationToken).ConfigureAwait(false);
        }

        LogCancelled(logger, target.Name, orderId, mode);
        return true;
    }

    /// <summary>"Shipped 2 x A, 1 x B via UPS tracking 1Z… https://…. P21 pick ticket 1001": what the note says.</summary>
    private static string NoteText(StoreShipment shipment, Dictionary<string, WooLineItem> lines)
    {
        var text = new StringBuilder("Shipped ");
        text.AppendJoin(", ", shipment.Lines.Select(l => string.Create(CultureInfo.InvariantCulture,
            $"{l.Quantity} x {l.Sku ?? lines[l.LineId].Sku ?? "line " + l.LineId}")));
        if (!string.IsNullOrWhiteSpace(shipment.Carrier?.Name))
        {
            text.Append(" via ").Append(shipment.Carrier.Name.Trim());
        }

        if (!string.IsNullOrWhiteSpace(shipment.TrackingNumber))
        {
            text.Append(" tracking ").Append(shipment.TrackingNumber.Trim());
        }

        if (shipment.TrackingUrl is { } url)
        {
            text.Append(' ').Append(url.AbsoluteUri);
        }

        return text.Append(". ").Append(shipment.Marker).ToString();
    }

    private async Task<List<WooOrderNote>> GetNotesAsync(PushTarget target, string orderId, string order, PushCounters counters, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(target, () => new HttpRequestMessage(HttpMethod.Get, target.Under($"{order}/notes")), counters, cancellationToken).ConfigureAwait(false);
        string text = await ReadAsync(response, orderId, "the order notes", cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize(text, WooCommerceJsonContext.Default.ListWooOrderNote) ?? [];
    }

    private async Task<WooOrder> GetOrderAsync(PushTarget target, string orderId, string order, PushCounters counters, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(target, () => new HttpRequestMessage(HttpMethod.Get, target.Under(order)), counters, cancellationToken).ConfigureAwait(false);
        string text = await ReadAsync(response, orderId, "the order", cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize(text, WooCommerceJsonContext.Default.WooOrder)
            ?? throw new PushRefusedException($"WooCommerce answered order {orderId} with an empty body.");
    }

    private async Task SetStatusAsync(PushTarget target, string orderId, string order, string status, PushCounters counters, CancellationToken cancellationToken)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(new WooStatusUpdate(status), WooCommerceJsonContext.Default.WooStatusUpdate);
        using var response = await SendAsync(target, () => new HttpRequestMessage(HttpMethod.Put, target.Under(order)) { Content = Json(json) }, counters, cancellationToken).ConfigureAwait(false);
        await ReadAsync(response, orderId, $"the status {status}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The answer's text; a 404 or other refusal thrown as <see cref="PushRefusedException"/>.</summary>
    private static async Task<string> ReadAsync(HttpResponseMessage response, string orderId, string what, CancellationToken cancellationToken)
    {
        string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.NotFound
            ? throw new PushRefusedException($"WooCommerce has no order {orderId} (404 on {what}: {WooCommerceCalls.Reason(text)}).")
            : !response.IsSuccessStatusCode
                ? throw new PushRefusedException($"WooCommerce answered {(int)response.StatusCode} to {what} of order {orderId}: {WooCommerceCalls.Reason(text)}")
                : text;
    }

    private Task<HttpResponseMessage> SendAsync(PushTarget target, Func<HttpRequestMessage> build, PushCounters counters, CancellationToken cancellationToken) =>
        WooCommerceCalls.SendAsync(http, credentials, target, build, counters, cancellationToken);

    /// <summary>The order's REST path; an id that is not a WooCommerce order id is refused before any call.</summary>
    private static string OrderPath(string orderId) =>
        long.TryParse(orderId, NumberStyles.None, CultureInfo.InvariantCulture, out long id) && id > 0
            ? $"wp-json/wc/v3/orders/{id.ToString(CultureInfo.InvariantCulture)}"
            : throw new PushRefusedException($"'{orderId}' is not a WooCommerce order id (a positive number).");

    private static ByteArrayContent Json(byte[] json) => new(json) { Headers = { ContentType = new("application/json") } };

    [LoggerMessage(Level = LogLevel.Information, Message = "Push target {Target}: WooCommerce order {OrderId} noted pick ticket {PickTicket} (completed: {Completed})")]
    private static partial void LogShipped(ILogger logger, string target, string orderId, string pickTicket, bool completed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Push target {Target}: WooCommerce order {OrderId} already notes pick ticket {PickTicket}; nothing added")]
    private static partial void LogAlreadyShipped(ILogger logger, string target, string orderId, string pickTicket);

    [LoggerMessage(Level = LogLevel.Information, Message = "Push target {Target}: WooCommerce order {OrderId} marked cancelled in P21 ({Mode})")]
    private static partial void LogCancelled(ILogger logger, string target, string orderId, CancelMode mode);
}
