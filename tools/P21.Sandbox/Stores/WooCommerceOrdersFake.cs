using System.Text.Json;
using System.Text.Json.Nodes;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace P21.Sandbox.Stores;

/// <summary>An order line item of the WooCommerce fake.</summary>
public sealed record WooCommerceFakeLine(long Id, string Sku, int Quantity);

/// <summary>An order note of the WooCommerce fake; <paramref name="CustomerNote"/> false is a private note.</summary>
public sealed record WooCommerceFakeNote(long Id, string Note, bool CustomerNote);

/// <summary>A snapshot of an order of the WooCommerce fake.</summary>
public sealed record WooCommerceFakeOrder(long Id, string Status, IReadOnlyList<WooCommerceFakeLine> Lines, IReadOnlyList<WooCommerceFakeNote> Notes);

/// <summary>
/// The orders part of the WooCommerce fake, written from the published reference: behind the same basic auth and
/// injected faults as the products part; <c>GET /wp-json/wc/v3/orders/{id}</c> (<c>id</c>, <c>status</c>,
/// <c>line_items[{id, sku, quantity}]</c>); <c>PUT</c> the same path with <c>status</c> one of pending, processing,
/// on-hold, completed, cancelled, refunded, failed (else 400 <c>rest_invalid_param</c>); <c>GET …/notes</c> (newest
/// first) and <c>POST …/notes</c> with a required <c>note</c> (else 400) and <c>customer_note</c>, appended. An
/// unknown order is 404 <c>woocommerce_rest_shop_order_invalid_id</c> (<c>woocommerce_rest_order_invalid_id</c> on notes).
/// </summary>
public sealed partial class WooCommerceRestFake
{
    private static readonly HashSet<string> Statuses = ["pending", "processing", "on-hold", "completed", "cancelled", "refunded", "failed"];

    private readonly Dictionary<long, OrderState> _orders = [];
    private long _nextNote = 7000;

    /// <summary>Requests that reached an order route (before auth and faults).</summary>
    public int OrderCalls;

    /// <summary>Adds an order in status <c>processing</c> (paid, awaiting fulfilment).</summary>
    public void AddOrder(long orderId, params (long Id, string Sku, int Quantity)[] lines)
    {
        lock (_gate)
        {
            _orders[orderId] = new OrderState(orderId, [.. lines.Select(l => new WooCommerceFakeLine(l.Id, l.Sku, l.Quantity))]);
        }
    }

    /// <summary>The order as the site has it now; null when unknown.</summary>
    public WooCommerceFakeOrder? Order(long orderId)
    {
        lock (_gate)
        {
            return _orders.TryGetValue(orderId, out var order) ? new WooCommerceFakeOrder(order.Id, order.Status, [.. order.Lines], [.. order.Notes]) : null;
        }
    }

    private void MapOrders(WebApplication app)
    {
        const string prefix = "/wp-json/wc/v3/orders/{id:long}";
        app.MapGet(prefix, (long id, HttpContext c) => OrderRoute(c, id, "woocommerce_rest_shop_order_invalid_id", order => Json(OrderJson(order))));
        app.MapPut(prefix, (Func<long, HttpContext, Task<IResult>>)UpdateOrderAsync);
        app.MapGet(prefix + "/notes", (long id, HttpContext c) => OrderRoute(c, id, "woocommerce_rest_order_invalid_id", order =>
            Json(new JsonArray([.. order.Notes.AsEnumerable().Reverse().Select(NoteJson)]))));
        app.MapPost(prefix + "/notes", (Func<long, HttpContext, Task<IResult>>)AddNoteAsync);
    }

    private IResult OrderRoute(HttpContext context, long id, string unknownCode, Func<OrderState, IResult> answer)
    {
        lock (_gate)
        {
            OrderCalls++;
            if (Gate(context) is { } refused)
            {
                return refused;
            }

            return _orders.TryGetValue(id, out var order) ? answer(order) : WooError(404, unknownCode, "Invalid ID.");
        }
    }

    private async Task<IResult> UpdateOrderAsync(long id, HttpContext context)
    {
        var body = await ReadObjectAsync(context);
        return OrderRoute(context, id, "woocommerce_rest_shop_order_invalid_id", order =>
        {
            if (body?["status"] is { } status)
            {
                if (status.GetValueKind() != JsonValueKind.String || !Statuses.Contains(status.GetValue<string>()))
                {
                    return WooError(400, "rest_invalid_param", "Invalid parameter(s): status");
                }

                order.Status = status.GetValue<string>();
            }

            return Json(OrderJson(order));
        });
    }

    private async Task<IResult> AddNoteAsync(long id, HttpContext context)
    {
        var body = await ReadObjectAsync(context);
        return OrderRoute(context, id, "woocommerce_rest_order_invalid_id", order =>
        {
            if (body?["note"] is not { } note || note.GetValueKind() != JsonValueKind.String || note.GetValue<string>().Length == 0)
            {
                return WooError(400, "rest_missing_callback_param", "Missing parameter(s): note");
            }

            bool customer = body["customer_note"] is { } flag && flag.GetValueKind() == JsonValueKind.True;
            var added = new WooCommerceFakeNote(_nextNote++, note.GetValue<string>(), customer);
            order.Notes.Add(added);
            return Results.Text(NoteJson(added).ToJsonString(), "application/json", statusCode: 201);
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

    private static JsonObject OrderJson(OrderState order) => new()
    {
        ["id"] = order.Id,
        ["status"] = order.Status,
        ["line_items"] = new JsonArray([.. order.Lines.Select(l => (JsonNode)new JsonObject { ["id"] = l.Id, ["sku"] = l.Sku, ["quantity"] = l.Quantity, ["name"] = l.Sku })]),
    };

    private static JsonNode NoteJson(WooCommerceFakeNote note) =>
        new JsonObject { ["id"] = note.Id, ["author"] = "system", ["note"] = note.Note, ["customer_note"] = note.CustomerNote };

    private static IResult Json(JsonNode node) => Results.Text(node.ToJsonString(), "application/json");

    private static IResult WooError(int status, string code, string message) =>
        Results.Text(new JsonObject { ["code"] = code, ["message"] = message, ["data"] = new JsonObject { ["status"] = status } }.ToJsonString(), "application/json", statusCode: status);

    private sealed class OrderState(long id, List<WooCommerceFakeLine> lines)
    {
        public long Id => id;

        public List<WooCommerceFakeLine> Lines => lines;

        public List<WooCommerceFakeNote> Notes { get; } = [];

        public string Status { get; set; } = "processing";
    }
}
