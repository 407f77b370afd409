using System.Text.Json.Nodes;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace P21.Sandbox.Amazon;

/// <summary>
/// <c>GET /orders/v0/orders/{orderId}</c> (getOrder, 0.5 requests/s, burst 30) and
/// <c>POST /orders/v0/orders/{orderId}/shipmentConfirmation</c> (confirmShipment, 2 requests/s, burst 10) of
/// ordersV0.json. A confirmation needs <c>marketplaceId</c> (the order's) and a <c>packageDetail</c> with
/// <c>packageReferenceId</c>, <c>carrierCode</c>, <c>trackingNumber</c>, <c>shipDate</c> and <c>orderItems</c>; each item
/// must be one of the order's, with a quantity from 1 to what is left to ship. An order Amazon fulfils (AFN) or a
/// cancelled one is refused 400. A taken confirmation moves <c>QuantityShipped</c>, sets the order Shipped or
/// PartiallyShipped, and answers 204.
/// </summary>
public sealed partial class SpApiFake
{
    public static readonly (double Rate, int Burst) GetOrderPlan = (0.5, 30);

    public static readonly (double Rate, int Burst) ConfirmShipmentPlan = (2, 10);

    private static readonly string[] RequiredPackageFields = ["packageReferenceId", "carrierCode", "trackingNumber", "shipDate"];

    public int GetOrderCalls;
    public int ConfirmShipmentCalls;

    /// <summary>Confirmations taken, in order: (order id, body as sent).</summary>
    public List<(string OrderId, JsonObject Body)> Confirmations { get; } = [];

    /// <summary>The order's status as the fake now holds it.</summary>
    public string? Status(string amazonOrderId)
    {
        lock (_gate)
        {
            return _orders.FirstOrDefault(o => o["AmazonOrderId"]!.GetValue<string>() == amazonOrderId)?["OrderStatus"]?.GetValue<string>();
        }
    }

    /// <summary>The OrderItemIds of a seeded order, in line order.</summary>
    public IReadOnlyList<string> OrderItemIds(string amazonOrderId)
    {
        lock (_gate)
        {
            return [.. _items[amazonOrderId].Select(i => i["OrderItemId"]!.GetValue<string>())];
        }
    }

    private void MapShipments(WebApplication app)
    {
        app.MapGet("/orders/v0/orders/{orderId}", GetOrder);
        app.MapPost("/orders/v0/orders/{orderId}/shipmentConfirmation", (Func<string, HttpContext, Task<IResult>>)ConfirmShipmentAsync);
    }

    private IResult GetOrder(string orderId, HttpContext context)
    {
        lock (_gate)
        {
            GetOrderCalls++;
            if (Refused(context, "getOrder", GetOrderPlan) is { } refused)
            {
                return refused;
            }

            JsonObject? order = _orders.FirstOrDefault(o => o["AmazonOrderId"]!.GetValue<string>() == orderId);
            return order is null
                ? Error(404, "NotFound", "Order not found", orderId)
                : Payload(WithoutRestrictedData(order, restricted: false), GetOrderPlan.Rate);
        }
    }

    private async Task<IResult> ConfirmShipmentAsync(string orderId, HttpContext context)
    {
        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            body = null;
        }

        lock (_gate)
        {
            ConfirmShipmentCalls++;
            if (Refused(context, "confirmShipment", ConfirmShipmentPlan) is { } refused)
            {
                return refused;
            }

            JsonObject? order = _orders.FirstOrDefault(o => o["AmazonOrderId"]!.GetValue<string>() == orderId);
            if (order is null)
            {
                return Error(404, "NotFound", "Order not found", orderId);
            }

            if (body?["packageDetail"] is not JsonObject package
                || RequiredPackageFields.Any(f => string.IsNullOrWhiteSpace(package[f]?.GetValue<string>())))
            {
                return Error(400, "InvalidInput", "Invalid Input", "packageDetail needs packageReferenceId, carrierCode, trackingNumber, shipDate and orderItems");
            }

            if (body["marketplaceId"]?.GetValue<string>() != order["MarketplaceId"]!.GetValue<string>())
            {
                return Error(400, "InvalidInput", "Invalid Input", "marketplaceId is missing or is not the order's marketplace");
            }

            if (order["FulfillmentChannel"]!.GetValue<string>() == "AFN" || order["OrderStatus"]!.GetValue<string>() is "Canceled" or "Pending")
            {
                return Error(400, "InvalidInput", "Invalid Input", $"the order is {order["OrderStatus"]} ({order["FulfillmentChannel"]}) and cannot be confirmed by the seller");
            }

            if (package["carrierCode"]!.GetValue<string>() == "Other" && string.IsNullOrWhiteSpace(package["carrierName"]?.GetValue<string>()))
            {
                return Error(400, "InvalidInput", "Invalid Input", "carrierName is required when carrierCode is Other");
            }

            var items = _items[orderId].ToDictionary(i => i["OrderItemId"]!.GetValue<string>(), StringComparer.Ordinal);
            var shipped = new List<(JsonObject Item, int Quantity)>();
            foreach (JsonNode? line in package["orderItems"] as JsonArray ?? [])
            {
                string? id = line?["orderItemId"]?.GetValue<string>();
                int quantity = line?["quantity"] is JsonValue v && v.TryGetValue(out int q) ? q : 0;
                if (id is null || !items.TryGetValue(id, out JsonObject? item))
                {
                    return Error(400, "InvalidInput", "Invalid Input", $"orderItemId {id} is not an item of order {orderId}");
                }

                int left = item["QuantityOrdered"]!.GetValue<int>() - item["QuantityShipped"]!.GetValue<int>();
                if (quantity < 1 || quantity > left)
                {
                    return Error(400, "InvalidInput", "Invalid Input", $"quantity {quantity} of orderItemId {id} is not between 1 and the {left} left to ship");
                }

                shipped.Add((item, quantity));
            }

            if (shipped.Count == 0)
            {
                return Error(400, "InvalidInput", "Invalid Input", "orderItems is empty");
            }

            foreach ((JsonObject item, int quantity) in shipped)
            {
                item["QuantityShipped"] = item["QuantityShipped"]!.GetValue<int>() + quantity;
            }

            bool all = items.Values.All(i => i["QuantityShipped"]!.GetValue<int>() >= i["QuantityOrdered"]!.GetValue<int>());
            order["OrderStatus"] = all ? "Shipped" : "PartiallyShipped";
            order["LastUpdateDate"] = Iso(clock.GetUtcNow());
            Confirmations.Add((orderId, (JsonObject)body.DeepClone()));
            return new RateLimited(Results.NoContent(), ConfirmShipmentPlan.Rate);
        }
    }
}
