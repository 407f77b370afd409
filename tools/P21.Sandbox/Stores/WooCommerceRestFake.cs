using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace P21.Sandbox.Stores;

/// <summary>
/// A loopback stand-in for the WooCommerce REST API v3, written from the published reference (docs/push.md): basic
/// auth with the consumer key and secret; <c>GET /wp-json/wc/v3/products?sku=a,b</c> (products and variations, the
/// latter with <c>parent_id</c>); <c>POST /wp-json/wc/v3/products/batch</c> and
/// <c>/products/{id}/variations/batch</c> with at most 100 updates (more is WooCommerce's 413
/// <c>woocommerce_rest_request_entity_too_large</c>), and a web-server body limit (<see cref="MaxItemsPerBody"/>)
/// answered with a plain 413; an unknown id is an item-level <c>woocommerce_rest_product_invalid_id</c>.
/// </summary>
public sealed partial class WooCommerceRestFake : IAsyncDisposable
{
    public const string ConsumerKey = "ck_push_test";
    public const string ConsumerSecret = "cs_push_test_not_real";
    public const int MaxBatch = 100;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Id, long Parent)> _skus = new(StringComparer.Ordinal);
    private readonly Random _faults = new(11);
    private LoopbackHost? _host;
    private long _nextId = 500;

    /// <summary>The web server's body limit, in updates: a larger batch gets 413 before WooCommerce sees it.</summary>
    public int MaxItemsPerBody { get; set; } = int.MaxValue;

    public double FaultRate { get; set; }

    public Dictionary<long, int> Stock { get; } = [];

    public ConcurrentDictionary<long, int> Applied { get; } = new();

    public int LookupCalls;
    public int SetCalls;
    public int TooLarge;
    public int VariationCalls;
    public int LargestAccepted;
    public int Faults;

    public Uri BaseUrl => _host!.BaseUrl;

    public static async Task<WooCommerceRestFake> StartAsync(params string[] skus)
    {
        var fake = new WooCommerceRestFake();
        foreach (string sku in skus)
        {
            fake.AddProduct(sku);
        }

        fake._host = await LoopbackHost.StartAsync(app =>
        {
            app.MapGet("/wp-json/wc/v3/products", fake.Products);
            app.MapPost("/wp-json/wc/v3/products/batch", (Func<HttpContext, Task<IResult>>)(c => fake.BatchAsync(c, 0)));
            app.MapPost("/wp-json/wc/v3/products/{parent}/variations/batch", (long parent, HttpContext c) => fake.BatchAsync(c, parent));
            fake.MapOrders(app);
        });
        return fake;
    }

    public long AddProduct(string sku, long parent = 0)
    {
        lock (_gate)
        {
            long id = _nextId++;
            _skus[sku] = (id, parent);
            return id;
        }
    }

    public long IdOf(string sku)
    {
        lock (_gate)
        {
            return _skus[sku].Id;
        }
    }

    public int? Quantity(string sku)
    {
        lock (_gate)
        {
            return Stock.TryGetValue(_skus[sku].Id, out int q) ? q : null;
        }
    }

    public ValueTask DisposeAsync() => _host?.DisposeAsync() ?? ValueTask.CompletedTask;

    private IResult Products(HttpContext context)
    {
        lock (_gate)
        {
            if (Gate(context) is { } refused)
            {
                return refused;
            }

            LookupCalls++;
            var list = new JsonArray();
            foreach (string sku in context.Request.Query["sku"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (_skus.TryGetValue(sku, out var product))
                {
                    list.Add(new JsonObject { ["id"] = product.Id, ["sku"] = sku, ["parent_id"] = product.Parent, ["manage_stock"] = false });
                }
            }

            return Results.Text(list.ToJsonString(), "application/json");
        }
    }

    private async Task<IResult> BatchAsync(HttpContext context, long parent)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        lock (_gate)
        {
            if (Gate(context) is { } refused)
            {
                return refused;
            }

            SetCalls++;
            var updates = body["update"]!.AsArray();
            if (updates.Count > MaxItemsPerBody)
            {
                TooLarge++;
                return Results.Text("<html><head><title>413 Request Entity Too Large</title></head></html>", "text/html", statusCode: 413);
            }

            if (updates.Count > MaxBatch)
            {
                TooLarge++;
                return Results.Text(new JsonObject { ["code"] = "woocommerce_rest_request_entity_too_large", ["message"] = $"Unable to accept more than {MaxBatch} items for this request.", ["data"] = new JsonObject { ["status"] = 413 } }.ToJsonString(), "application/json", statusCode: 413);
            }

            if (parent > 0)
            {
                VariationCalls++;
            }

            LargestAccepted = Math.Max(LargestAccepted, updates.Count);
            var results = new JsonArray();
            foreach (var update in updates.Select(u => u!.AsObject()))
            {
                long id = update["id"]!.GetValue<long>();
                bool known = _skus.Values.Any(p => p.Id == id && p.Parent == parent);
                if (!known)
                {
                    results.Add(new JsonObject { ["id"] = id, ["error"] = new JsonObject { ["code"] = "woocommerce_rest_product_invalid_id", ["message"] = "Invalid ID.", ["data"] = new JsonObject { ["status"] = 400 } } });
                    continue;
                }

                if (update["manage_stock"]?.GetValue<bool>() != true)
                {
                    results.Add(new JsonObject { ["id"] = id, ["error"] = new JsonObject { ["code"] = "stock_not_managed", ["message"] = "manage_stock must be true to set stock_quantity." } });
                    continue;
                }

                int quantity = update["stock_quantity"]!.GetValue<int>();
                Stock[id] = quantity;
                Applied.AddOrUpdate(id, 1, (_, n) => n + 1);
                results.Add(new JsonObject { ["id"] = id, ["stock_quantity"] = quantity, ["manage_stock"] = true });
            }

            return Results.Text(new JsonObject { ["update"] = results }.ToJsonString(), "application/json");
        }
    }

    private IResult? Gate(HttpContext context)
    {
        string expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ConsumerKey}:{ConsumerSecret}"));
        if (context.Request.Headers.Authorization != expected)
        {
            return Results.Text(new JsonObject { ["code"] = "woocommerce_rest_cannot_view", ["message"] = "Sorry, you cannot list resources.", ["data"] = new JsonObject { ["status"] = 401 } }.ToJsonString(), "application/json", statusCode: 401);
        }

        if (FaultRate > 0 && _faults.NextDouble() < FaultRate)
        {
            Faults++;
            return _faults.Next(2) == 0
                ? Results.StatusCode(503)
                : Results.Text("{}", "application/json", statusCode: 429);
        }

        return null;
    }
}
