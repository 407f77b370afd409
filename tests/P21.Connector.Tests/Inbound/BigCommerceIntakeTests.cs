using System.Text;

using P21.Connector.Commands;

namespace P21.Connector.Tests.Inbound;

public sealed class BigCommerceIntakeTests : IAsyncLifetime
{
    private static readonly byte[] Sample = Samples.Bytes("bigcommerce-store-order-created.json");
    private BigCommerceApiFake _api = null!;

    public async Task InitializeAsync() => _api = await BigCommerceApiFake.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task AcceptAsync_OrderCreated_FetchesOrderOverHttpAndEnqueues()
    {
        using var fx = new IntakeFixture(_api.BaseUrl);

        var command = IntakeAssert.AcceptedOne(await fx.SendAsync(fx.BigCommerce(Sample)), fx.Queue);

        Assert.Equal("bigcommerce:SalesOrder.Create:250", command.IdempotencyKey);
        var order = Assert.IsType<SalesOrderCreate>(command.Payload);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 18, 35, 23, TimeSpan.Zero), order.OrderDate);
        Assert.Equal(new OrderCustomer("priya.n@lakeside-fg.example", "Priya Natarajan", "512-555-0178", "11", "Lakeside Facilities Group"), order.Customer);
        Assert.Equal(new PostalAddress("Facilities Receiving", "Lakeside Facilities Group", "9100 Burnet Rd", "Dock 3", null, "Austin", "Texas", "78758", "US", "512-555-0190", "receiving@lakeside-fg.example"), order.ShipTo);
        Assert.Equal("75 Harbor Blvd", order.BillTo!.Line1);
        Assert.Equal(
            [
                new OrderLine("LHB-150-50K", 3, 89.5m, "LED High Bay 150W 5000K", 268.5m, "188"),
                new OrderLine("WN-YEL-100", 4, 8.25m, "Wire Nut, Yellow (Jar of 100)", 33m, "189"),
            ],
            order.Lines);
        Assert.Equal(new OrderTotals(301.5m, 15m, 24.12m, 0m, 340.62m), order.Totals);
        Assert.Equal("PO 44812 — deliver to dock 3", order.Notes);
        Assert.Contains(_api.Requests, r => r.EndsWith("/orders/250/products token=" + IntakeFixture.BigCommerceApiToken, StringComparison.Ordinal));
        Assert.Contains(_api.Requests, r => r.Contains("/orders/250/shipping_addresses", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AcceptAsync_OrderNotFound_Returns422()
    {
        using var fx = new IntakeFixture(_api.BaseUrl);

        var problem = IntakeAssert.Rejected(await fx.SendAsync(fx.BigCommerce(WithOrderId(404))), fx.Queue, 422, "data.id");

        Assert.Contains("not found", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptAsync_ApiAnswers500_Returns503()
    {
        using var fx = new IntakeFixture(_api.BaseUrl);

        var problem = IntakeAssert.Rejected(await fx.SendAsync(fx.BigCommerce(WithOrderId(500))), fx.Queue, 503, "bigcommerce");

        Assert.Contains("500", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptAsync_ApiTimesOut_Returns503()
    {
        using var fx = new IntakeFixture(_api.BaseUrl, o => o.BigCommerce.RequestTimeout = TimeSpan.FromMilliseconds(300));

        var problem = IntakeAssert.Rejected(await fx.SendAsync(fx.BigCommerce(WithOrderId(777))), fx.Queue, 503, "bigcommerce");

        Assert.Contains("did not answer", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptAsync_ApiTokenRefused_Returns503NamingTokenNotValue()
    {
        using var fx = new IntakeFixture(_api.BaseUrl);
        fx.Secrets.Set("bigcommerce-api-token", "stale-token");
        await fx.Secrets.InvalidateAsync("bigcommerce-api-token");

        var problem = IntakeAssert.Rejected(await fx.SendAsync(fx.BigCommerce(Sample)), fx.Queue, 503, "bigcommerce");

        Assert.Contains("token", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("stale-token", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptAsync_ApiUnreachable_Returns503()
    {
        var closed = _api.BaseUrl;
        await _api.DisposeAsync();
        _api = await BigCommerceApiFake.StartAsync();
        using var fx = new IntakeFixture(closed);

        IntakeAssert.Rejected(await fx.SendAsync(fx.BigCommerce(Sample)), fx.Queue, 503, "bigcommerce");
    }

    [Fact]
    public async Task AcceptAsync_WrongSharedSecret_Returns401WithoutCallingApi()
    {
        using var fx = new IntakeFixture(_api.BaseUrl);

        IntakeAssert.Rejected(
            await fx.SendAsync(fx.BigCommerce(Sample, h => h["X-P21-Webhook-Token"] = "guess")), fx.Queue, 401, "X-P21-Webhook-Token");
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task AcceptAsync_OtherStore_Returns422()
    {
        using var fx = new IntakeFixture(_api.BaseUrl, o => o.BigCommerce.StoreHash = BigCommerceApiFake.StoreHash);
        var body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Sample).Replace("stores/x3k9qz7f2a", "stores/someoneelse", StringComparison.Ordinal));

        IntakeAssert.Rejected(await fx.SendAsync(fx.BigCommerce(body)), fx.Queue, 422, "producer");
    }

    [Fact]
    public async Task AcceptAsync_OtherScope_Returns422()
    {
        using var fx = new IntakeFixture(_api.BaseUrl);
        var body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Sample).Replace("store/order/created", "store/product/updated", StringComparison.Ordinal));

        IntakeAssert.Rejected(await fx.SendAsync(fx.BigCommerce(body)), fx.Queue, 422, "scope");
    }

    private static byte[] WithOrderId(int id) =>
        Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Sample).Replace("\"id\": 250", $"\"id\": {id}", StringComparison.Ordinal));
}
