using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace P21.Connector.Tests.Intake;

/// <summary>
/// A loopback Kestrel stand-in for the BigCommerce V2 Orders API (real HTTP on 127.0.0.1, port chosen by the OS).
/// Order 250 is the samples; 404 is any other id; 500 is order 500; 777 hangs past the client timeout; the
/// <c>Order…</c> constants below are generated orders with more rows than one page, or pages that go wrong.
/// </summary>
/// <remarks>
/// Collections page like V2. BigCommerce's reference for List Order Products (docs.bigcommerce.com, Orders V2,
/// <c>GET /v2/orders/{order_id}/products</c>) says it "Lists 50 order products", with query parameters <c>page</c>
/// ("The page to return in the response", default 1) and <c>limit</c> ("Number of results to return", default 50);
/// Get Order Shipping Addresses takes the same two (bigcommerce/api-specs, reference/orders.v2.oas2.yml). The REST
/// overview (docs.bigcommerce.com/developer/api-reference/rest/overview) caps a page at 250 rows ("Viewing more
/// products requires creating a script that can loop through each subsequent page"), and V2 answers 204 for an empty
/// collection. What a <c>limit</c> above 250 does is not documented; this fake answers 400, so a client asking for
/// more fails here instead of getting 250 rows and taking a full page for the last one.
/// </remarks>
internal sealed class BigCommerceApiFake : IAsyncDisposable
{
    public const string StoreHash = "x3k9qz7f2a";

    /// <summary>V2's page size when no <c>limit</c> is sent.</summary>
    public const int DefaultLimit = 50;

    /// <summary>The largest <c>limit</c> V2 accepts.</summary>
    public const int MaxLimit = 250;

    /// <summary>60 products (more than V2's default page), one shipping address.</summary>
    public const int OrderWith60Lines = 1060;

    /// <summary>Exactly one full page of 250 products: page 2 answers 204.</summary>
    public const int OrderWith250Lines = 1250;

    /// <summary>251 products: two pages at limit 250.</summary>
    public const int OrderWith251Lines = 1251;

    /// <summary>Two products and 260 shipping addresses (two pages).</summary>
    public const int OrderWith260ShipTos = 1260;

    /// <summary>300 products; page 2 of the products answers 500.</summary>
    public const int OrderFailingOnPage2 = 1500;

    /// <summary>300 products; page 2 of the products answers 404 (the order went away while it was read).</summary>
    public const int OrderGoneOnPage2 = 1404;

    /// <summary>300 products; page 2 repeats the rows of page 1 (the order changed while it was read).</summary>
    public const int OrderRepeatingPage = 1409;

    /// <summary>A hostile store: every page of the products is full, forever.</summary>
    public const int OrderEndless = 1999;

    private readonly WebApplication _app;

    private BigCommerceApiFake(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>Each request as <c>{path}{query} token={X-Auth-Token}</c>.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<BigCommerceApiFake> StartAsync()
    {
        var orders = Orders();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        BigCommerceApiFake? self = null;
        app.Use(async (context, next) =>
        {
            self?.Requests.Enqueue($"{context.Request.Path}{context.Request.QueryString} token={context.Request.Headers["X-Auth-Token"]}");
            if (context.Request.Headers["X-Auth-Token"] != IntakeFixture.BigCommerceApiToken)
            {
                context.Response.StatusCode = 401;
                return;
            }

            await next(context);
        });
        var prefix = $"/stores/{StoreHash}/v2/orders";
        app.MapGet(prefix + "/{id}", async (string id, HttpContext context) =>
        {
            switch (id)
            {
                case "500":
                    return Results.StatusCode(500);
                case "777":
                    // Longer than the client's timeout; ends early when the client gives up.
                    await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                    return Results.StatusCode(200);
                default:
                    return orders.TryGetValue(id, out var order) ? Json(order.Order) : NotFound();
            }
        });
        app.MapGet(prefix + "/{id}/products", (string id, HttpContext context) =>
            orders.TryGetValue(id, out var order) ? Collection(context.Request, order.Products, order.ProductFault) : NotFound());
        app.MapGet(prefix + "/{id}/shipping_addresses", (string id, HttpContext context) =>
            orders.TryGetValue(id, out var order) ? Collection(context.Request, order.Addresses, null) : NotFound());
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new BigCommerceApiFake(app, new Uri(address));
        return self;
    }

    /// <summary>The products requests of <paramref name="orderId"/> seen so far.</summary>
    public List<string> ProductRequests(int orderId) =>
        [.. Requests.Where(r => r.Contains($"/orders/{orderId.ToString(CultureInfo.InvariantCulture)}/products", StringComparison.Ordinal))];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>One page of <paramref name="rows"/> (a function of the page number and limit), by V2's rules.</summary>
    private static IResult Collection(HttpRequest request, Func<int, int, IReadOnlyList<string>> rows, Func<int, IResult?>? fault)
    {
        if (!TryQuery(request, "limit", DefaultLimit, out var limit) || limit < 1 || limit > MaxLimit)
        {
            return Error(400, $"limit must be a whole number from 1 to {MaxLimit}.");
        }

        if (!TryQuery(request, "page", 1, out var page) || page < 1)
        {
            return Error(400, "page must be a whole number from 1.");
        }

        if (fault?.Invoke(page) is { } failure)
        {
            return failure;
        }

        var slice = rows(page, limit);
        return slice.Count == 0 ? Results.NoContent() : Json($"[{string.Join(",", slice)}]");
    }

    private static bool TryQuery(HttpRequest request, string name, int fallback, out int value)
    {
        value = fallback;
        return !request.Query.TryGetValue(name, out var text)
            || int.TryParse(text.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static Dictionary<string, FakeOrder> Orders()
    {
        var sampleProducts = Rows(Samples.Text("bigcommerce-v2-order-products.json"));
        var sampleAddresses = Rows(Samples.Text("bigcommerce-v2-order-shipping-addresses.json"));
        var orders = new Dictionary<string, FakeOrder>(StringComparer.Ordinal)
        {
            ["250"] = new(Samples.Text("bigcommerce-v2-order.json"), Fixed(sampleProducts), Fixed(sampleAddresses)),
        };

        void Add(int id, int products, int addresses = 1, Func<int, IResult?>? fault = null, Func<int, int, IReadOnlyList<string>>? productPages = null) =>
            orders[id.ToString(CultureInfo.InvariantCulture)] = new(
                OrderJson(id),
                productPages ?? Fixed([.. Enumerable.Range(1, products).Select(n => Product(id, n))]),
                Fixed([.. Enumerable.Range(1, addresses).Select(n => Address(id, n))]),
                fault);

        Add(OrderWith60Lines, 60);
        Add(OrderWith250Lines, 250);
        Add(OrderWith251Lines, 251);
        Add(OrderWith260ShipTos, 2, addresses: 260);
        Add(OrderFailingOnPage2, 300, fault: page => page == 2 ? Results.StatusCode(500) : null);
        Add(OrderGoneOnPage2, 300, fault: page => page == 2 ? NotFound() : null);
        var repeating = Enumerable.Range(1, 300).Select(n => Product(OrderRepeatingPage, n)).ToList();
        Add(OrderRepeatingPage, 0, productPages: (page, limit) => [.. repeating.Take(limit)]);
        Add(OrderEndless, 0, productPages: (page, limit) => [.. Enumerable.Range(((page - 1) * limit) + 1, limit).Select(n => Product(OrderEndless, n))]);
        return orders;
    }

    /// <summary>Pages of a fixed list: page N holds rows (N−1)·limit … N·limit−1.</summary>
    private static Func<int, int, IReadOnlyList<string>> Fixed(IReadOnlyList<string> all) =>
        (page, limit) => [.. all.Skip((int)Math.Min(int.MaxValue, (long)(page - 1) * limit)).Take(limit)];

    private static List<string> Rows(string array) => [.. JsonNode.Parse(array)!.AsArray().Select(n => n!.ToJsonString())];

    private static string OrderJson(int id)
    {
        var order = JsonNode.Parse(Samples.Text("bigcommerce-v2-order.json"))!.AsObject();
        order["id"] = id;
        return order.ToJsonString();
    }

    /// <summary>Line <paramref name="n"/>: SKU <c>SKU-{n:0000}</c>, quantity n, price 1.00 + n/100; row id 10000·order + n.</summary>
    private static string Product(int orderId, int n)
    {
        var price = 1m + (n / 100m);
        return new JsonObject
        {
            ["id"] = (orderId * 10_000L) + n,
            ["order_id"] = orderId,
            ["product_id"] = n,
            ["name"] = $"Item {n}",
            ["sku"] = Sku(n),
            ["type"] = "physical",
            ["price_ex_tax"] = price.ToString("0.0000", CultureInfo.InvariantCulture),
            ["total_ex_tax"] = (price * n).ToString("0.0000", CultureInfo.InvariantCulture),
            ["quantity"] = n,
        }.ToJsonString();
    }

    /// <summary>The SKU of generated line <paramref name="n"/>.</summary>
    public static string Sku(int n) => $"SKU-{n.ToString("0000", CultureInfo.InvariantCulture)}";

    private static string Address(int orderId, int n) => new JsonObject
    {
        ["id"] = (orderId * 10_000L) + n,
        ["order_id"] = orderId,
        ["first_name"] = "Dock",
        ["last_name"] = n.ToString(CultureInfo.InvariantCulture),
        ["company"] = "Lakeside Facilities Group",
        ["street_1"] = $"{n.ToString(CultureInfo.InvariantCulture)} Burnet Rd",
        ["city"] = "Austin",
        ["state"] = "Texas",
        ["zip"] = "78758",
        ["country"] = "United States",
        ["country_iso2"] = "US",
        ["email"] = "receiving@lakeside-fg.example",
    }.ToJsonString();

    private static IResult NotFound() =>
        Results.Text("[{\"status\":404,\"message\":\"The requested resource was not found.\"}]", "application/json", statusCode: 404);

    private static IResult Error(int status, string message) =>
        Results.Text(new JsonArray(new JsonObject { ["status"] = status, ["message"] = message }).ToJsonString(), "application/json", statusCode: status);

    private static IResult Json(string text) => Results.Text(text, "application/json");

    private sealed record FakeOrder(
        string Order, Func<int, int, IReadOnlyList<string>> Products, Func<int, int, IReadOnlyList<string>> Addresses, Func<int, IResult?>? ProductFault = null);
}
