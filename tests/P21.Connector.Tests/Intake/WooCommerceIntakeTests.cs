using System.Text;

using P21.Connector.Commands;
using P21.Connector.Intake;
using P21.Connector.Intake.Signatures;

namespace P21.Connector.Tests.Intake;

public class WooCommerceIntakeTests
{
    private static readonly byte[] Sample = Samples.Bytes("woocommerce-order-created.json");

    [Fact]
    public async Task AcceptAsync_OrderCreatedSample_EnqueuesCanonicalSalesOrder()
    {
        using var fx = new IntakeFixture();

        var command = IntakeAssert.AcceptedOne(await fx.SendAsync(fx.WooCommerce(Sample)), fx.Queue);

        Assert.Equal("woocommerce:SalesOrder.Create:727", command.IdempotencyKey);
        var order = Assert.IsType<SalesOrderCreate>(command.Payload);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 15, 14, 5, TimeSpan.Zero), order.OrderDate);
        Assert.Equal(new OrderCustomer("maria@okafor-plumbing.example", "Maria Okafor", "(612) 555-0131", "26", "Okafor Plumbing & Heating"), order.Customer);
        Assert.Equal(new PostalAddress("Maria Okafor", "Okafor Plumbing & Heating", "2201 E Franklin Ave", "Unit 4", null, "Minneapolis", "MN", "55404", "US", null, null), order.ShipTo);
        Assert.Equal(
            [
                new OrderLine("PEXA-12-100-RED", 1, 58m, "PEX-A Pipe 1/2 in x 100 ft Red", 58.00m, "315", Tax: 4.20m),
                new OrderLine("CR-12-25", 3, 9m, "Brass Crimp Ring 1/2 in (Bag of 25)", 27.00m, "316", Tax: 2.17m),
            ],
            order.Lines);
        Assert.Equal(new OrderTotals(null, 12.50m, 6.37m, 0.00m, 103.87m), order.Totals);
        Assert.Equal("Call before delivery", order.Notes);
    }

    [Fact]
    public async Task AcceptAsync_TamperedBody_Returns401()
    {
        using var fx = new IntakeFixture();
        var request = fx.WooCommerce(Sample);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Sample).Replace("\"total\": \"103.87\"", "\"total\": \"1.00\"", StringComparison.Ordinal));

        IntakeAssert.Rejected(await fx.SendAsync(request with { Body = tampered }), fx.Queue, 401, WooCommerceSignature.SignatureHeader);
    }

    [Fact]
    public async Task AcceptAsync_SignatureNotBase64_Returns401()
    {
        using var fx = new IntakeFixture();

        IntakeAssert.Rejected(
            await fx.SendAsync(fx.WooCommerce(Sample, h => h[WooCommerceSignature.SignatureHeader] = "%%%not-base64%%%")), fx.Queue, 401, WooCommerceSignature.SignatureHeader);
    }

    [Fact]
    public async Task AcceptAsync_MissingSignature_Returns401()
    {
        using var fx = new IntakeFixture();

        IntakeAssert.Rejected(
            await fx.SendAsync(fx.WooCommerce(Sample, h => h.Remove(WooCommerceSignature.SignatureHeader))), fx.Queue, 401, WooCommerceSignature.SignatureHeader);
    }

    [Fact]
    public async Task AcceptAsync_Ping_IsAcknowledgedWithoutEnqueue()
    {
        using var fx = new IntakeFixture();
        var ping = new IntakeRequest("woocommerce", "orders", "application/x-www-form-urlencoded", new Dictionary<string, string>(), "webhook_id=14"u8.ToArray());

        var result = await fx.SendAsync(ping);

        Assert.IsType<IntakeResult.Acknowledged>(result);
        Assert.Equal(200, result.StatusCode);
        Assert.Empty(fx.Queue.Messages);
    }

    [Fact]
    public async Task AcceptAsync_FormBodyThatIsNotAPing_Returns415()
    {
        using var fx = new IntakeFixture();
        var form = new IntakeRequest("woocommerce", "orders", "application/x-www-form-urlencoded", new Dictionary<string, string>(), "webhook_id=14&x=1"u8.ToArray());

        IntakeAssert.Rejected(await fx.SendAsync(form), fx.Queue, 415, "Content-Type");
    }

    [Fact]
    public async Task AcceptAsync_GuestOrderWithoutEmail_AcceptedForTheWriterToPark()
    {
        using var fx = new IntakeFixture();
        var text = Encoding.UTF8.GetString(Sample)
            .Replace("\"customer_id\": 26,", "\"customer_id\": 0,", StringComparison.Ordinal)
            .Replace("\"email\": \"maria@okafor-plumbing.example\",", "", StringComparison.Ordinal);

        // Authentic and well-formed: a 4xx would make WooCommerce retry and then disable the webhook.
        var order = Assert.IsType<SalesOrderCreate>(IntakeAssert.AcceptedOne(await fx.SendAsync(fx.WooCommerce(Encoding.UTF8.GetBytes(text))), fx.Queue).Payload);
        Assert.Null(order.Customer.Email);
        Assert.Null(order.Customer.PlatformCustomerId);
    }

    [Fact]
    public async Task AcceptAsync_ZeroQuantityLine_AcceptedWithTheLineAtZero()
    {
        using var fx = new IntakeFixture();
        var text = Encoding.UTF8.GetString(Sample).Replace("\"quantity\": 3,", "\"quantity\": 0,", StringComparison.Ordinal);

        var order = Assert.IsType<SalesOrderCreate>(IntakeAssert.AcceptedOne(await fx.SendAsync(fx.WooCommerce(Encoding.UTF8.GetBytes(text))), fx.Queue).Payload);
        Assert.Equal(0, order.Lines[1].Quantity);
    }

    [Theory]
    [InlineData("pending", "not paid yet")]
    [InlineData("on-hold", "not paid yet")]
    public async Task AcceptAsync_IneligibleStatus_Acknowledged200NotEnqueued(string status, string because)
    {
        using var fx = new IntakeFixture();
        var text = Encoding.UTF8.GetString(Sample).Replace("\"status\": \"processing\"", $"\"status\": \"{status}\"", StringComparison.Ordinal);

        IntakeAssert.AcknowledgedNotEnqueued(await fx.SendAsync(fx.WooCommerce(Encoding.UTF8.GetBytes(text))), fx.Queue, because);
    }

    [Theory]
    [InlineData("failed")]
    [InlineData("cancelled")]
    public async Task AcceptAsync_CancelledOrFailedStatus_EnqueuesACancellation(string status)
    {
        using var fx = new IntakeFixture();
        var text = Encoding.UTF8.GetString(Sample).Replace("\"status\": \"processing\"", $"\"status\": \"{status}\"", StringComparison.Ordinal);

        var command = IntakeAssert.AcceptedOne(await fx.SendAsync(fx.WooCommerce(Encoding.UTF8.GetBytes(text))), fx.Queue);

        Assert.Equal(new SalesOrderCancel("727", status), command.Payload);
    }

    [Fact]
    public async Task PendingThenProcessingUpdate_FirstAcknowledged_ThenEnqueuedOnce_UnderTheCreateKey()
    {
        using var fx = new IntakeFixture();
        var pending = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Sample).Replace("\"status\": \"processing\"", "\"status\": \"pending\"", StringComparison.Ordinal));

        IntakeAssert.AcknowledgedNotEnqueued(await fx.SendAsync(fx.WooCommerce(pending)), fx.Queue, "not paid yet");
        var updated = fx.WooCommerce(Sample);
        var paid = await fx.SendAsync(updated with { Headers = new Dictionary<string, string>(updated.Headers) { [WooCommerceSignature.TopicHeader] = "order.updated" } });

        var command = IntakeAssert.AcceptedOne(paid, fx.Queue);
        Assert.Equal("woocommerce:SalesOrder.Create:727", command.IdempotencyKey);
    }
}
