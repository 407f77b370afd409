using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace P21.Sandbox.Stores;

/// <summary>An order line of the BigCommerce fake: the order product id, its SKU, ordered and shipped quantities.</summary>
public sealed record BigCommerceFakeLine(long Id, string Sku, int Quantity, int QuantityShipped);

/// <summary>A shipment the BigCommerce fake took.</summary>
public sealed record BigCommerceFakeShipment(long Id, long OrderAddressId, string? TrackingNumber, string? TrackingCarrier, string? ShippingProvider, string? Comments,
    IReadOnlyList<(long OrderProductId, int Quantity)> Items);

/// <summary>A snapshot of an order of the BigCommerce fake.</summary>
public sealed record BigCommerceFakeOrder(long Id, int StatusId, string StaffNotes, long AddressId, IReadOnlyList<BigCommerceFakeLine> Lines, IReadOnlyList<BigCommerceFakeShipment> Shipments);

/// <summary>
/// The V2 Orders part of the BigCommerce fake, written from the published reference: behind the same
/// <c>X-Auth-Token</c>, quota window and injected faults as the inventory part; <c>GET/PUT /v2/orders/{id}</c>
/// (<c>status_id</c> 0 … 14, <c>staff_notes</c>); <c>GET …/products</c>, <c>…/shipping_addresses</c> and
/// <c>…/shipments</c> paged with <c>page</c> / <c>limit</c> (at most 250), an empty page answered 204 as V2 does;
/// <c>POST …/shipments</c> requiring <c>order_address_id</c> of the order (else 400) and <c>items</c> whose
/// <c>order_product_id</c> is on the order (else 400) with a quantity of 1 … what remains unshipped (else 422), then
/// raising <c>quantity_shipped</c> and setting the status to Shipped (2) or Partially Shipped (3). An unknown order is
/// 404; errors are V2's <c>[{status, message}]</c>.
/// </summary>
public sealed partial class BigCommerceInventoryFake
{
    private readonly Dictionary<long, OrderState> _orders = [];
    private long _nextShipment = 9000;

    /// <summary>Requests that reached an order route (before auth, quota and faults).</summary>
    public int OrderCalls;

    /// <summary>Adds an order (status Awaiting Fulfillment, 11) with one shipping address, id <c>orderId * 10 + 1</c>.</summary>
    public void AddOrder(long orderId, params (long Id, string Sku, int Quantity)[] lines)
    {
        lock (_gate)
        {
            _orders[orderId] = new OrderState(orderId, orderId * 10 + 1, [.. lines.Select(l => new LineState(l.Id, l.Sku, l.Quantity))]);
        }
    }

    /// <summary>Staff notes written on the order by a person.</summary>
    public void SetStaffNotes(long orderId, string notes)
    {
        lock (_gate)
        {
            _orders[orderId].StaffNotes = notes;
        }
    }

    /// <summary>The order as the store has it now; null when unknown.</summary>
    public BigCommerceFakeOrder? Order(long orderId)
    {
        lock (_gate)
        {
            return _orders.TryGetValue(orderId, out var order)
                ? new BigCommerceFakeOrder(order.Id, order.StatusId, order.StaffNotes, order.AddressId,
                    [.. order.Lines.Select(l => new BigCommerceFakeLine(l.Id, l.Sku, l.Quantity, l.QuantityShipped))], [.. order.Shipments])
                : null;
        }
    }

    private void MapOrders(WebApplication app, string prefix)
    {
        app.MapGet(prefix + "/orders/{id:long}", (long id, HttpContext c) => OrderRoute(c, id, order => Json(OrderJson(order))));
        app.MapPut(prefix + "/orders/{id:long}", (Func<long, HttpContext, Task<IResult>>)UpdateOrderAsync);
        app.MapGet(prefix + "/orders/{id:long}/products", (long id, HttpContext c) => OrderRoute(c, id, order => Page(c, order.Lines.Select(l =>
            (JsonNode)new JsonObject { ["id"] = l.Id, ["order_id"] = order.Id, ["sku"] = l.Sku, ["quantity"] = l.Quantity, ["quantity_shipped"] = l.QuantityShipped, ["order_address_id"] = order.AddressId }))));
        app.MapGet(prefix + "/orders/{id:long}/shipping_addresses", (long id, HttpContext c) => OrderRoute(c, id, order => Page(c,
            [new JsonObject { ["id"] = order.AddressId, ["order_id"] = order.Id, ["country_iso2"] = "US" }])));
        app.MapGet(prefix + "/orders/{id:long}/shipments", (long id, HttpContext c) => OrderRoute(c, id, order => Page(c, order.Shipments.Select(ShipmentJson))));
        app.MapPost(prefix + "/orders/{id:long}/shipments", (Func<long, HttpContext, Task<IResult>>)CreateShipmentAsync);
    }

    private IResult OrderRoute(HttpContext context, long id, Func<OrderState, IResult> answer)
    {
        lock (_gate)
        {
            OrderCalls++;
            if (Gate(context) is { } refused)
            {
                return refused;
            }

            return _orders.TryGetValue(id, out var order) ? answer(order) : V2Error(404, "The requested resource was not found.");
        }
    }

    private async Task<IResult> UpdateOrderAsync(long id, HttpContext context)
    {
        var body = await ReadObjectAsync(context);
        return OrderRoute(context, id, order =>
        {
            if (body is null)
            {
                return V2Error(400, "The request body is not a JSON object.");
            }

            var status = body["status_id"];
            var notes = body["staff_notes"];
            if (status is not null && (status.GetValueKind() != JsonValueKind.Number || status.GetValue<int>() is < 0 or > 14))
            {
                return V2Error(400, "The field 'status_id' is invalid.");
            }

            if (notes is not null && notes.GetValueKind() != JsonValueKind.String)
            {
                return V2Error(400, "The field 'staff_notes' is invalid.");
            }

            order.StatusId = status?.GetValue<int>() ?? order.StatusId;
            order.StaffNotes = notes?.GetValue<string>() ?? order.StaffNotes;
            return Json(OrderJson(order));
        });
    }

    private async Task<IResult> CreateShipmentAsync(long id, HttpContext context)
    {
        var body = await ReadObjectAsync(context);
        return OrderRoute(context, id, order =>
        {
            if (body?["order_address_id"] is not { } address || address.GetValueKind() != JsonValueKind.Number)
            {
                return V2Error(400, "The required field 'order_address_id' was not supplied.");
            }

            if (address.GetValue<long>() != order.AddressId)
            {
                return V2Error(400, $"The order address {address.GetValue<long>()} does not belong to order {order.Id}.");
            }

            if (body["items"] is not JsonArray { Count: > 0 } items)
            {
                return V2Error(400, "The required field 'items' was not supplied.");
            }

            var taken = new List<(LineState Line, int Quantity)>();
            foreach (var item in items.Select(i => i!.AsObject()))
            {
                long productId = item["order_product_id"]?.GetValue<long>() ?? 0;
                int quantity = item["quantity"]?.GetValue<int>() ?? 0;
                var line = order.Lines.FirstOrDefault(l => l.Id == productId);
                if (line is null)
                {
                    return V2Error(400, $"The order product {productId} does not belong to order {order.Id}.");
                }

                int remaining = line.Quantity - line.QuantityShipped - taken.Where(t => t.Line == line).Sum(t => t.Quantity);
                if (quantity < 1 || quantity > remaining)
                {
                    return V2Error(422, $"The quantity {quantity} of order product {productId} is more than the {remaining} left to ship.");
                }

                taken.Add((line, quantity));
            }

            foreach (var (line, quantity) in taken)
            {
                line.QuantityShipped += quantity;
            }

            var shipment = new BigCommerceFakeShipment(_nextShipment++, order.AddressId, Text(body, "tracking_number"), Text(body, "tracking_carrier"),
                Text(body, "shipping_provider"), Text(body, "comments"), [.. taken.Select(t => (t.Line.Id, t.Quantity))]);
            order.Shipments.Add(shipment);
            order.StatusId = order.Lines.All(l => l.QuantityShipped >= l.Quantity) ? 2 : 3;
            return Results.Text(ShipmentJson(shipment).ToJsonString(), "application/json", statusCode: 201);
        });
    }

    private static async Task<JsonObject?> ReadObjectAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject body, string name) =>
        body[name] is { } value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>One page of a V2 list; an empty page is 204 with no body, as BigCommerce V2 answers it.</summary>
    private static IResult Page(HttpContext context, IEnumerable<JsonNode> entries)
    {
        int page = int.TryParse(context.Request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out int p) && p > 0 ? p : 1;
        int limit = int.TryParse(context.Request.Query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out int l) && l > 0 ? Math.Min(l, 250) : 50;
        var slice = entries.Skip((page - 1) * limit).Take(limit).ToArray();
        return slice.Length == 0 ? Results.NoContent() : Json(new JsonArray(slice));
    }

    private static JsonObject OrderJson(OrderState order) =>
        new() { ["id"] = order.Id, ["status_id"] = order.StatusId, ["staff_notes"] = order.StaffNotes, ["items_total"] = order.Lines.Sum(l => l.Quantity) };

    private static JsonNode ShipmentJson(BigCommerceFakeShipment shipment) => new JsonObject
    {
        ["id"] = shipment.Id,
        ["order_address_id"] = shipment.OrderAddressId,
        ["tracking_number"] = shipment.TrackingNumber ?? "",
        ["tracking_carrier"] = shipment.TrackingCarrier ?? "",
        ["shipping_provider"] = shipment.ShippingProvider ?? "custom",
        ["comments"] = shipment.Comments ?? "",
        ["items"] = new JsonArray([.. shipment.Items.Select(i => (JsonNode)new JsonObject { ["order_product_id"] = i.OrderProductId, ["product_id"] = 0, ["quantity"] = i.Quantity })]),
    };

    private static IResult Json(JsonNode node) => Results.Text(node.ToJsonString(), "application/json");

    private static IResult V2Error(int status, string message) =>
        Results.Text(new JsonArray(new JsonObject { ["status"] = status, ["message"] = message }).ToJsonString(), "application/json", statusCode: status);

    private sealed class OrderState(long id, long addressId, List<LineState> lines)
    {
        public long Id => id;

        public long AddressId => addressId;

        public List<LineState> Lines => lines;

        public List<BigCommerceFakeShipment> Shipments { get; } = [];

        public int StatusId { get; set; } = 11;

        public string StaffNotes { get; set; } = "";
    }

    private sealed class LineState(long id, string sku, int quantity)
    {
        public long Id => id;

        public string Sku => sku;

        public int Quantity => quantity;

        public int QuantityShipped { get; set; }
    }
}
