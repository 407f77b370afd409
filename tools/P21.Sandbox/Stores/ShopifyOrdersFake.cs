using System.Globalization;
using System.Text.Json.Nodes;

namespace P21.Sandbox.Stores;

/// <summary>
/// The order half of <see cref="ShopifyAdminFake"/>, written from the GraphQL Admin API reference: an order has one
/// fulfillment order per assigned location whose line items carry <c>remainingQuantity</c>; <c>fulfillmentCreate</c>
/// takes fulfillment orders of one order and one location only, in status <c>OPEN</c> or <c>IN_PROGRESS</c>, and
/// refuses a quantity above what remains (user errors, nothing applied); a fulfillment order with nothing left is
/// <c>CLOSED</c>. <c>orderCancel</c> refuses an order already cancelled; <c>tagsAdd</c> adds tags once.
/// </summary>
public sealed partial class ShopifyAdminFake
{
    /// <summary>The calculated cost of an order read or mutation.</summary>
    public const double OrderCost = 10;

    private readonly Dictionary<string, FakeOrder> _orders = new(StringComparer.Ordinal);
    private int _fulfillmentSequence;

    /// <summary>Calls of <c>fulfillmentCreate</c> (including refused ones).</summary>
    public int FulfillmentCalls;

    /// <summary>
    /// Adds order <paramref name="orderId"/> (the number a webhook carries) with its lines, all assigned to
    /// <paramref name="location"/> (default <see cref="Location1"/>) in one open fulfillment order.
    /// </summary>
    public void AddOrder(long orderId, IReadOnlyList<(long LineItemId, string Sku, int Quantity)> lines, string? location = null)
    {
        lock (_gate)
        {
            var order = new FakeOrder($"gid://shopify/Order/{orderId.ToString(CultureInfo.InvariantCulture)}");
            var fo = new FakeFulfillmentOrder($"gid://shopify/FulfillmentOrder/{orderId.ToString(CultureInfo.InvariantCulture)}1", location ?? Location1);
            foreach (var (lineItemId, _, quantity) in lines)
            {
                fo.Lines.Add(new FakeFulfillmentOrderLine($"gid://shopify/FulfillmentOrderLineItem/{lineItemId.ToString(CultureInfo.InvariantCulture)}", $"gid://shopify/LineItem/{lineItemId.ToString(CultureInfo.InvariantCulture)}") { Remaining = quantity });
            }

            order.FulfillmentOrders.Add(fo);
            _orders[order.Id] = order;
        }
    }

    /// <summary>Moves order lines to a second fulfillment order at <paramref name="location"/> (a split shipment).</summary>
    public void SplitOrder(long orderId, string location, params long[] lineItemIds)
    {
        lock (_gate)
        {
            var order = _orders[$"gid://shopify/Order/{orderId.ToString(CultureInfo.InvariantCulture)}"];
            var moved = new FakeFulfillmentOrder($"{order.FulfillmentOrders[0].Id}2", location);
            foreach (long id in lineItemIds)
            {
                var line = order.FulfillmentOrders[0].Lines.Single(l => l.LineItemId == $"gid://shopify/LineItem/{id.ToString(CultureInfo.InvariantCulture)}");
                order.FulfillmentOrders[0].Lines.Remove(line);
                moved.Lines.Add(line);
            }

            order.FulfillmentOrders.Add(moved);
        }
    }

    /// <summary>The fulfilments of an order as the store shows them.</summary>
    public IReadOnlyList<FakeFulfillment> Fulfillments(long orderId)
    {
        lock (_gate)
        {
            return _orders.TryGetValue($"gid://shopify/Order/{orderId.ToString(CultureInfo.InvariantCulture)}", out var order) ? [.. order.Fulfillments] : [];
        }
    }

    /// <summary>Whether the order is cancelled, and its tags.</summary>
    public (bool Cancelled, IReadOnlyList<string> Tags) OrderState(long orderId)
    {
        lock (_gate)
        {
            var order = _orders[$"gid://shopify/Order/{orderId.ToString(CultureInfo.InvariantCulture)}"];
            return (order.CancelledAt is not null, [.. order.Tags]);
        }
    }

    private static string? OrderOperation(string query) =>
        query.Contains("fulfillmentCreate(", StringComparison.Ordinal) ? "fulfillmentCreate"
        : query.Contains("orderCancel(", StringComparison.Ordinal) ? "orderCancel"
        : query.Contains("tagsAdd(", StringComparison.Ordinal) ? "tagsAdd"
        : query.Contains("order(id:", StringComparison.Ordinal) ? "order"
        : null;

    // Called under _gate.
    private JsonObject Order(string operation, JsonObject variables) => operation switch
    {
        "fulfillmentCreate" => FulfillmentCreate(variables["fulfillment"]!.AsObject()),
        "orderCancel" => Mutation("orderCancel", "orderCancelUserErrors", Cancel(variables["id"]!.GetValue<string>()), "job", new JsonObject { ["id"] = "gid://shopify/Job/1" }),
        "tagsAdd" => Mutation("tagsAdd", "userErrors", AddTags(variables["id"]!.GetValue<string>(), variables["tags"]!.AsArray()), "node", new JsonObject { ["id"] = variables["id"]!.GetValue<string>() }),
        _ => new JsonObject { ["data"] = new JsonObject { ["order"] = ReadOrder(variables["id"]!.GetValue<string>()) } },
    };

    private JsonObject? ReadOrder(string id)
    {
        if (!_orders.TryGetValue(id, out var order))
        {
            return null;
        }

        return new JsonObject
        {
            ["id"] = order.Id,
            ["cancelledAt"] = order.CancelledAt?.ToString("O", CultureInfo.InvariantCulture),
            ["tags"] = new JsonArray([.. order.Tags.Select(t => (JsonNode)t)]),
            ["fulfillments"] = new JsonArray([.. order.Fulfillments.Select(f => (JsonNode)new JsonObject
            {
                ["id"] = f.Id,
                ["trackingInfo"] = new JsonArray(new JsonObject { ["number"] = f.TrackingNumber }),
            })]),
            ["fulfillmentOrders"] = new JsonObject
            {
                ["nodes"] = new JsonArray([.. order.FulfillmentOrders.Select(fo => (JsonNode)new JsonObject
                {
                    ["id"] = fo.Id,
                    ["status"] = fo.Status,
                    ["assignedLocation"] = new JsonObject { ["location"] = new JsonObject { ["id"] = fo.Location } },
                    ["lineItems"] = new JsonObject
                    {
                        ["nodes"] = new JsonArray([.. fo.Lines.Select(l => (JsonNode)new JsonObject
                        {
                            ["id"] = l.Id,
                            ["remainingQuantity"] = l.Remaining,
                            ["lineItem"] = new JsonObject { ["id"] = l.LineItemId },
                        })]),
                    },
                })]),
            },
        };
    }

    private JsonObject FulfillmentCreate(JsonObject input)
    {
        FulfillmentCalls++;
        var errors = new JsonArray();
        var requested = new List<(FakeFulfillmentOrder Order, FakeFulfillmentOrderLine Line, int Quantity)>();
        FakeOrder? owner = null;
        string? location = null;
        foreach (var (group, g) in input["lineItemsByFulfillmentOrder"]!.AsArray().Select((n, i) => (n!.AsObject(), i)))
        {
            string foId = group["fulfillmentOrderId"]!.GetValue<string>();
            var match = _orders.Values.SelectMany(o => o.FulfillmentOrders.Select(fo => (o, fo))).FirstOrDefault(x => x.fo.Id == foId);
            if (match.fo is null)
            {
                errors.Add(UserError(["fulfillment", "lineItemsByFulfillmentOrder", g.ToString(CultureInfo.InvariantCulture)], "INVALID", "Fulfillment order does not exist."));
                continue;
            }

            if ((owner is not null && owner != match.o) || (location is not null && location != match.fo.Location))
            {
                errors.Add(UserError(["fulfillment"], "INVALID", "All fulfillment orders must belong to the same order and be assigned to the same location."));
                continue;
            }

            owner = match.o;
            location = match.fo.Location;
            if (match.fo.Status is not ("OPEN" or "IN_PROGRESS"))
            {
                errors.Add(UserError(["fulfillment"], "INVALID", $"Fulfillment order {foId} has an unfulfillable status= {match.fo.Status.ToLowerInvariant()}."));
                continue;
            }

            foreach (var item in group["fulfillmentOrderLineItems"]!.AsArray().Select(n => n!.AsObject()))
            {
                string lineId = item["id"]!.GetValue<string>();
                int quantity = item["quantity"]!.GetValue<int>();
                var line = match.fo.Lines.FirstOrDefault(l => l.Id == lineId);
                if (line is null || quantity <= 0 || quantity > line.Remaining - requested.Where(r => r.Line == line).Sum(r => r.Quantity))
                {
                    errors.Add(UserError(["fulfillment"], "INVALID", "Invalid fulfillment order line item quantity requested."));
                    continue;
                }

                requested.Add((match.fo, line, quantity));
            }
        }

        if (errors.Count > 0 || requested.Count == 0)
        {
            if (errors.Count == 0)
            {
                errors.Add(UserError(["fulfillment"], "INVALID", "Fulfillment must have at least one line item."));
            }

            return Mutation("fulfillmentCreate", "userErrors", errors, "fulfillment", null);
        }

        foreach (var (fo, line, quantity) in requested)
        {
            line.Remaining -= quantity;
            fo.Status = fo.Lines.All(l => l.Remaining == 0) ? "CLOSED" : "IN_PROGRESS";
        }

        var tracking = input["trackingInfo"]?.AsObject();
        var fulfillment = new FakeFulfillment(
            $"gid://shopify/Fulfillment/{(++_fulfillmentSequence).ToString(CultureInfo.InvariantCulture)}",
            tracking?["number"]?.GetValue<string>(),
            tracking?["company"]?.GetValue<string>(),
            tracking?["url"]?.GetValue<string>(),
            input["notifyCustomer"]?.GetValue<bool>() ?? false,
            [.. requested.Select(r => (r.Line.LineItemId, r.Quantity))]);
        owner!.Fulfillments.Add(fulfillment);
        return Mutation("fulfillmentCreate", "userErrors", [], "fulfillment", new JsonObject { ["id"] = fulfillment.Id, ["status"] = "SUCCESS" });
    }

    private JsonArray Cancel(string id)
    {
        if (!_orders.TryGetValue(id, out var order))
        {
            return [UserError(["orderId"], "NOT_FOUND", "Order does not exist.")];
        }

        if (order.CancelledAt is not null)
        {
            return [UserError(["orderId"], "INVALID", "Cannot cancel an order that has already been canceled.")];
        }

        order.CancelledAt = clock.GetUtcNow();
        return [];
    }

    private JsonArray AddTags(string id, JsonArray tags)
    {
        if (!_orders.TryGetValue(id, out var order))
        {
            return [UserError(["id"], "INVALID", "Order does not exist.")];
        }

        foreach (string tag in tags.Select(t => t!.GetValue<string>()).Where(t => !order.Tags.Contains(t, StringComparer.OrdinalIgnoreCase)))
        {
            order.Tags.Add(tag);
        }

        return [];
    }

    private static JsonObject Mutation(string name, string errorsField, JsonArray errors, string resultField, JsonObject? result) => new()
    {
        ["data"] = new JsonObject
        {
            [name] = new JsonObject { [resultField] = errors.Count > 0 ? null : result, [errorsField] = errors },
        },
    };

    private sealed class FakeOrder(string id)
    {
        public string Id { get; } = id;

        public DateTimeOffset? CancelledAt { get; set; }

        public List<string> Tags { get; } = [];

        public List<FakeFulfillmentOrder> FulfillmentOrders { get; } = [];

        public List<FakeFulfillment> Fulfillments { get; } = [];
    }

    private sealed class FakeFulfillmentOrder(string id, string location)
    {
        public string Id { get; } = id;

        public string Location { get; } = location;

        public string Status { get; set; } = "OPEN";

        public List<FakeFulfillmentOrderLine> Lines { get; } = [];
    }

    private sealed class FakeFulfillmentOrderLine(string id, string lineItemId)
    {
        public string Id { get; } = id;

        public string LineItemId { get; } = lineItemId;

        public int Remaining { get; set; }
    }
}

/// <summary>A fulfilment as the fake store holds it.</summary>
/// <param name="Id">Its GID.</param>
/// <param name="TrackingNumber">The tracking number sent.</param>
/// <param name="Company">The carrier sent.</param>
/// <param name="Url">The tracking URL sent.</param>
/// <param name="NotifyCustomer">Whether the buyer was to be told.</param>
/// <param name="Lines">Order line item GID and quantity fulfilled.</param>
public sealed record FakeFulfillment(string Id, string? TrackingNumber, string? Company, string? Url, bool NotifyCustomer, IReadOnlyList<(string LineItemId, int Quantity)> Lines);
