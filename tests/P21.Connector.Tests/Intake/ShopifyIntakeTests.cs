using System.Text;

using P21.Connector.Commands;
using P21.Connector.Intake.Signatures;

namespace P21.Connector.Tests.Intake;

public class ShopifyIntakeTests
{
    private static readonly byte[] Sample = Samples.Bytes("shopify-orders-create.json");

    [Fact]
    public async Task AcceptAsync_OrdersCreateSample_EnqueuesCanonicalSalesOrder()
    {
        using var fx = new IntakeFixture();

        var command = IntakeAssert.AcceptedOne(await fx.SendAsync(fx.Shopify(Sample)), fx.Queue);

        Assert.Equal("shopify:SalesOrder.Create:5940139491234", command.IdempotencyKey);
        Assert.Equal(WriteCommandKind.Of<SalesOrderCreate>(), command.Kind);
        Assert.Equal("acme", command.Connection);
        Assert.Equal(fx.Time.GetUtcNow(), command.ReceivedUtc);
        var order = Assert.IsType<SalesOrderCreate>(command.Payload);
        Assert.Equal("5940139491234", order.ExternalOrderId);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 15, 30, 0, TimeSpan.Zero), order.OrderDate.ToUniversalTime());
        Assert.Equal(new OrderCustomer("jon.reyes@northwind-supply.example", "Jon Reyes", "+12125550147", "7392411361442", "Northwind Supply LLC"), order.Customer);
        Assert.Equal(new PostalAddress("Jon Reyes", "Northwind Supply LLC", "410 Terry Ave N", "Suite 300", null, "New York", "NY", "10013", "US", "+1 212-555-0147", null), order.BillTo);
        Assert.Equal(new PostalAddress("Receiving Dept", "Northwind Supply LLC", "88 Industrial Pkwy", null, null, "Brooklyn", "NY", "11222", "US", "+1 718-555-0199", null), order.ShipTo);
        Assert.Equal(
            [
                new OrderLine("HB-1213-2Z-50", 2, 64.95m, "Hex Bolt 1/2-13 x 2 Zinc (Box of 50)", null, "14773489008802"),
                new OrderLine("FW-12-SAE-100", 4, 25.00m, "Flat Washer 1/2 SAE Zinc (Box of 100)", null, "14773489041570"),
            ],
            order.Lines);
        Assert.Equal("USD", order.Currency);
        Assert.Equal("Leave at loading dock B", order.Notes);
        Assert.Equal("#1001", order.PurchaseOrderNumber);
        Assert.Equal(new OrderTotals(219.90m, 10.00m, 19.72m, 10.00m, 249.62m), order.Totals);
        Assert.Equal(command.CommandId, (await fx.Recent.LatestAsync(1, CancellationToken.None))[0].CommandId);
    }

    [Fact]
    public async Task AcceptAsync_WebhookRetry_YieldsSameCommandId()
    {
        using var fx = new IntakeFixture();

        var first = await fx.SendAsync(fx.Shopify(Sample));
        fx.Time.Advance(TimeSpan.FromMinutes(1));
        var retry = await fx.SendAsync(fx.Shopify(Sample));

        Assert.Equal(((P21.Connector.Intake.IntakeResult.Accepted)first).CommandId, ((P21.Connector.Intake.IntakeResult.Accepted)retry).CommandId);
    }

    [Fact]
    public async Task AcceptAsync_TamperedBody_Returns401WithoutEnqueue()
    {
        using var fx = new IntakeFixture();
        var request = fx.Shopify(Sample);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Sample).Replace("\"quantity\": 2,", "\"quantity\": 200,", StringComparison.Ordinal));

        var problem = IntakeAssert.Rejected(await fx.SendAsync(request with { Body = tampered }), fx.Queue, 401, ShopifySignature.HmacHeader);

        Assert.DoesNotContain(IntakeFixture.ShopifySecret, problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(ShopifySignature.Sign(tampered, IntakeFixture.ShopifySecret), problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptAsync_MissingHmac_Returns401NamingHeader()
    {
        using var fx = new IntakeFixture();

        var problem = IntakeAssert.Rejected(
            await fx.SendAsync(fx.Shopify(Sample, h => h.Remove(ShopifySignature.HmacHeader))), fx.Queue, 401, ShopifySignature.HmacHeader);

        Assert.Contains("missing", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptAsync_StaleTriggeredAt_Returns401()
    {
        using var fx = new IntakeFixture();
        var request = fx.Shopify(Sample);
        fx.Time.Advance(TimeSpan.FromMinutes(6));

        IntakeAssert.Rejected(await fx.SendAsync(request), fx.Queue, 401, ShopifySignature.TriggeredAtHeader);
    }

    [Fact]
    public async Task AcceptAsync_HeadersInAnyCase_AreFound()
    {
        using var fx = new IntakeFixture();
        var request = fx.Shopify(Sample);
        var lower = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value, StringComparer.Ordinal);

        IntakeAssert.AcceptedOne(await fx.SendAsync(request with { Headers = lower }), fx.Queue);
    }

    [Fact]
    public async Task AcceptAsync_OtherTopic_Returns422()
    {
        using var fx = new IntakeFixture();

        IntakeAssert.Rejected(
            await fx.SendAsync(fx.Shopify(Sample, h => h[ShopifySignature.TopicHeader] = "products/update")), fx.Queue, 422, ShopifySignature.TopicHeader);
    }

    [Fact]
    public async Task AcceptAsync_BadPrice_Returns422NamingTheField()
    {
        using var fx = new IntakeFixture();
        var text = Encoding.UTF8.GetString(Sample)
            .Replace("\"price\": \"64.95\",", "\"price\": \"64,95\",", StringComparison.Ordinal);

        var problem = IntakeAssert.Rejected(await fx.SendAsync(fx.Shopify(Encoding.UTF8.GetBytes(text))), fx.Queue, 422, "line_items[0].price");

        Assert.Contains("'.'", problem.Errors["line_items[0].price"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptAsync_LineWithoutSku_AcceptedForTheWriterToPark()
    {
        using var fx = new IntakeFixture();
        var text = Encoding.UTF8.GetString(Sample).Replace("\"sku\": \"FW-12-SAE-100\",", "\"sku\": null,", StringComparison.Ordinal);

        var order = Assert.IsType<SalesOrderCreate>(IntakeAssert.AcceptedOne(await fx.SendAsync(fx.Shopify(Encoding.UTF8.GetBytes(text))), fx.Queue).Payload);

        Assert.Equal("", order.Lines[1].Sku);
    }

    [Theory]
    [InlineData("\"financial_status\": \"pending\"", "not paid yet")]
    [InlineData("\"test\": true", "test order")]
    public async Task AcceptAsync_IneligibleOrder_Acknowledged200NotEnqueued(string replacement, string because)
    {
        using var fx = new IntakeFixture();
        var field = replacement[..replacement.IndexOf(':', StringComparison.Ordinal)];
        var text = System.Text.RegularExpressions.Regex.Replace(Encoding.UTF8.GetString(Sample), field + ": [^,]+", replacement);

        IntakeAssert.AcknowledgedNotEnqueued(await fx.SendAsync(fx.Shopify(Encoding.UTF8.GetBytes(text))), fx.Queue, because);
    }

    [Fact]
    public async Task AcceptAsync_RotatedSecret_IsPickedUpWithoutRestart()
    {
        using var fx = new IntakeFixture();
        IntakeAssert.AcceptedOne(await fx.SendAsync(fx.Shopify(Sample)), fx.Queue); // caches the old secret
        const string Rotated = "shpss_rotated_0f1e2d3c4b5a69788796a5b4";
        fx.Secrets.Set("webhook-shopify", Rotated);
        var request = fx.Shopify(Sample, h => h[ShopifySignature.HmacHeader] = ShopifySignature.Sign(Sample, Rotated));

        var result = await fx.SendAsync(request);

        Assert.Equal(202, result.StatusCode);
        Assert.Equal(1, fx.Secrets.Invalidations);
    }

    [Fact]
    public async Task AcceptAsync_SecretNotConfigured_Returns503()
    {
        using var fx = new IntakeFixture(configure: o => o.Shopify.SecretName = "no-such-secret");

        IntakeAssert.Rejected(await fx.SendAsync(fx.Shopify(Sample)), fx.Queue, 503, "configuration");
    }

    [Fact]
    public async Task AcceptAsync_MalformedJsonCorrectlySigned_Returns400()
    {
        using var fx = new IntakeFixture();
        var body = Sample[..(Sample.Length / 2)];

        IntakeAssert.Rejected(await fx.SendAsync(fx.Shopify(body)), fx.Queue, 400, "body");
    }

    [Fact]
    public async Task AcceptAsync_JsonArrayBody_Returns422()
    {
        using var fx = new IntakeFixture();

        IntakeAssert.Rejected(await fx.SendAsync(fx.Shopify("[1,2]"u8.ToArray())), fx.Queue, 422, "body");
    }

    [Theory]
    [InlineData("3.00", 2, 3, "2.00")]
    [InlineData("3.00", 3, 3, "3.00")]
    [InlineData("3.00", 0, 3, "0.00")]
    [InlineData("1.00", 1, 3, "0.33")]
    public void Share_LineEditedDown_DiscountAndTaxFollowTheUnitsLeft(string amount, int left, int ordered, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            P21.Connector.Intake.Sources.LineAmounts.ForUnitsLeft(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), left, ordered));
}
