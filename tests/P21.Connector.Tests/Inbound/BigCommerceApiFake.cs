using System.Collections.Concurrent;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace P21.Connector.Tests.Inbound;

/// <summary>
/// A loopback Kestrel stand-in for the BigCommerce V2 Orders API (real HTTP on 127.0.0.1, port chosen by the OS).
/// Order 250 exists; 404 is any other id; 500 is order 500; 777 hangs past the client timeout.
/// </summary>
internal sealed class BigCommerceApiFake : IAsyncDisposable
{
    public const string StoreHash = "x3k9qz7f2a";
    private readonly WebApplication _app;

    private BigCommerceApiFake(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<BigCommerceApiFake> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        BigCommerceApiFake? self = null;
        app.Use(async (context, next) =>
        {
            self?.Requests.Enqueue($"{context.Request.Path} token={context.Request.Headers["X-Auth-Token"]}");
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
                case "250":
                    return Json(Samples.Text("bigcommerce-v2-order.json"));
                case "500":
                    return Results.StatusCode(500);
                case "777":
                    // Longer than the client's timeout; ends early when the client gives up.
                    await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                    return Results.StatusCode(200);
                default:
                    return Results.Text("[{\"status\":404,\"message\":\"The requested resource was not found.\"}]", "application/json", statusCode: 404);
            }
        });
        app.MapGet(prefix + "/{id}/products", (string id) => id == "250" ? Json(Samples.Text("bigcommerce-v2-order-products.json")) : Results.StatusCode(404));
        app.MapGet(prefix + "/{id}/shipping_addresses", (string id) => id == "250" ? Json(Samples.Text("bigcommerce-v2-order-shipping-addresses.json")) : Results.StatusCode(404));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new BigCommerceApiFake(app, new Uri(address));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static IResult Json(string text) => Results.Text(text, "application/json");
}
