using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

using P21.Connector.Commands;
using P21.Connector.Intake.Sources;

namespace P21.Connector.Tests.Intake;

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
                new OrderLine("LHB-150-50K", 3, 89.5m, "LED High Bay 150W 5000K", 268.5m, "188", Tax: 21.48m),
                new OrderLine("WN-YEL-100", 4, 8.25m, "Wire Nut, Yellow (Jar of 100)", 33m, "189", Tax: 2.64m),
            ],
            order.Lines);
        Assert.Equal(new OrderTotals(301.5m, 15m, 24.12m, 0m, 340.62m), order.Totals);
        Assert.Equal("PO 44812 — deliver to dock 3", order.Notes);
        Assert.Contains(_api.Requests, r => r.EndsWith("/orders/250/products?limit=250&page=1 token=" + IntakeFixture.BigCommerceApiToken, StringComparison.Ordinal));
        Assert.Contains(_api.Requests, r => r.Contains("/orders/250/shipping_addresses?limit=250&page=1", StringComparison.Ordinal));
        Assert.Single(_api.ProductRequests(250)); // two rows: one page, no second request
    }

    [Fact]
    public async Task ApiFake_PagesLikeV2_DefaultLimit50MaxLimit250()
    {
        using var http = new HttpClient { BaseAddress = _api.BaseUrl };
        http.DefaultRequestHeaders.Add("X-Auth-Token", IntakeFixture.BigCommerceApiToken);
        var products = $"stores/{BigCommerceApiFake.StoreHash}/v2/orders/{BigCommerceApiFake.OrderWith60Lines}/products";

        using var unpaged = JsonDocument.Parse(await http.GetStringAsync(products));
        using var second = JsonDocument.Parse(await http.GetStringAsync(products + "?page=2"));
        using var tooLarge = await http.GetAsync(products + "?limit=251");
        using var pastTheEnd = await http.GetAsync(products + "?limit=250&page=2");

        Assert.Equal(50, unpaged.RootElement.GetArrayLength()); // what one unpaged read used to get of a 60-line order
        Assert.Equal(10, second.RootElement.GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, pastTheEnd.StatusCode);
    }

    [Fact]
    public async Task AcceptAsync_SixtyLineOrder_GivesSixtyLinesInOrder()
    {
        using var fx = new IntakeFixture(_api.BaseUrl);

        var order = await AcceptedOrderAsync(fx, BigCommerceApiFake.OrderWith60Lines);

        Assert.Equal(Enumerable.Range(1, 60).Select(BigCommerceApiFake.Sku), order.Lines.Select(l => l.Sku));
        Assert.Equal(60m, order.Lines[^1].Quantity);
        Assert.Equal(["?limit=250&page=1"], _api.ProductRequests(BigCommerceApiFake.OrderWith60Lines).Select(Query));
    }

    [Fact]
    public async Task AcceptAsync_251LineOrder_ReadsTwoPagesOf250()
    {
        using var fx = new IntakeFixture(_api.BaseUrl);

        var order = await AcceptedOrderAsync(fx, BigCommerceApiFake.OrderWith251Lines);

        Assert.Equal(251, order.Lines.Count);
        Assert.Equal(Enumerable.Range(1, 251).Select(BigCommerceApiFake.Sku), order.Lines.Select(l => l.Sku));
        Assert.Equal(
            ["?limit=250&page=1", "?limit=250&page=2"],
            _api.ProductRequests(BigCommerceApiFake.OrderWith251Lines).Select(Query));
    }

    [Fact]
    public async Task AcceptAsync_ExactlyOneFullPage_AsksForPage2AndItsEmptyAnswerEndsTheRead()
    {
        using var fx = new IntakeFixture(_api.BaseUrl);

        var order = await AcceptedOrderAsync(fx, BigCommerceApiFake.OrderWith250Lines);

        Assert.Equal(250, order.Lines.Count);
        Assert.Equal(2, _api.ProductRequests(BigCommerceApiFake.OrderWith250Lines).Count); // page 2 answered 204
    }

    [Fact]
    public async Task AcceptAsync_ShippingAddressesOnTwoPages_CountsEveryAddressAndShipsToTheFirst()
    {
        using var fx = new IntakeFixture(_api.BaseUrl);

        var order = await AcceptedOrderAsync(fx, BigCommerceApiFake.OrderWith260ShipTos);

        Assert.Equal("1 Burnet Rd", order.ShipTo!.Line1);
        Assert.Contains("has 260 shipping addresses", order.Notes, StringComparison.Ordinal);
        Assert.Contains(_api.Requests, r => r.Contains($"/orders/{BigCommerceApiFake.OrderWith260ShipTos}/shipping_addresses?limit=250&page=2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AcceptAsync_Page2Answers500_Returns503NeverAPartialOrder()
    {
        using var fx = new IntakeFixture(_api.BaseUrl);

        var problem = IntakeAssert.Rejected(await fx.SendAsync(fx.BigCommerce(WithOrderId(BigCommerceApiFake.OrderFailingOnPage2))), fx.Queue, 503, "bigcommerce");

        Assert.Contains("500", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("page 2", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptAsync_Page2Answers404_Returns503NotAShorterOrder()
    {
        using var fx = new IntakeFixture(_api.BaseUrl);

        var problem = IntakeAssert.Rejected(await fx.SendAsync(fx.BigCommerce(WithOrderId(BigCommerceApiFake.OrderGoneOnPage2))), fx.Queue, 503, "bigcommerce");

        Assert.Contains("changed while it was read", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptAsync_Page2RepeatsRowsOfPage1_Returns503NotDoubledLines()
    {
        using var fx = new IntakeFixture(_api.BaseUrl);

        var problem = IntakeAssert.Rejected(await fx.SendAsync(fx.BigCommerce(WithOrderId(BigCommerceApiFake.OrderRepeatingPage))), fx.Queue, 503, "bigcommerce");

        Assert.Contains("twice", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptAsync_StoreAnswersFullPagesForever_StopsAtThePageCapWith503NamingTheLimit()
    {
        using var fx = new IntakeFixture(_api.BaseUrl);

        var problem = IntakeAssert.Rejected(await fx.SendAsync(fx.BigCommerce(WithOrderId(BigCommerceApiFake.OrderEndless))), fx.Queue, 503, "bigcommerce");

        Assert.Equal(BigCommerceOrdersApi.MaxPages, _api.ProductRequests(BigCommerceApiFake.OrderEndless).Count);
        Assert.Contains($"{BigCommerceOrdersApi.MaxPages} full pages", problem.Detail, StringComparison.Ordinal);
        Assert.Contains((BigCommerceOrdersApi.MaxPages * BigCommerceOrdersApi.PageSize).ToString(CultureInfo.InvariantCulture), problem.Detail, StringComparison.Ordinal);
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

    private static async Task<SalesOrderCreate> AcceptedOrderAsync(IntakeFixture fx, int orderId)
    {
        var command = IntakeAssert.AcceptedOne(await fx.SendAsync(fx.BigCommerce(WithOrderId(orderId))), fx.Queue);
        return Assert.IsType<SalesOrderCreate>(command.Payload);
    }

    private static string Query(string request) => request[request.IndexOf('?', StringComparison.Ordinal)..request.IndexOf(' ', StringComparison.Ordinal)];

    private static byte[] WithOrderId(int id) =>
        Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Sample).Replace("\"id\": 250", $"\"id\": {id}", StringComparison.Ordinal));
}
