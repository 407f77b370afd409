using System.Text;

using P21.Connector.Commands;
using P21.Connector.Intake.Signatures;

namespace P21.Connector.Tests.Intake;

public class AmazonIntakeTests
{
    private static readonly byte[] Sample = Samples.Bytes("amazon-order.json");

    [Fact]
    public async Task AcceptAsync_GetOrderPlusItems_EnqueuesOrderWithDerivedUnitPrices()
    {
        using var fx = new IntakeFixture();

        var command = IntakeAssert.AcceptedOne(await fx.SendAsync(fx.Amazon("orders", Sample)), fx.Queue);

        Assert.Equal("amazon:SalesOrder.Create:114-3941689-8772232", command.IdempotencyKey);
        var order = Assert.IsType<SalesOrderCreate>(command.Payload);
        Assert.Equal(new DateTimeOffset(2026, 11, 19, 22, 41, 8, TimeSpan.Zero), order.OrderDate);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 7, 59, 59, TimeSpan.Zero), order.RequestedShipDate);
        Assert.Equal("8xq2m4v9kq3bz1c@marketplace.amazon.com", order.Customer.Email);
        Assert.Equal(new PostalAddress("Dana Whitfield", "Whitfield HVAC Services", "3200 Commerce St", "Bldg C", null, "Dallas", "TX", "75226-1620", "US", "+1 214-555-0112 ext. 40231", null), order.ShipTo);
        Assert.Equal(
            [
                new OrderLine("CAP-45-5-440", 2, 18.99m, "Dual Run Capacitor 45/5 MFD 440V Round", 37.98m, "68828574383266", Tax: 3.13m),
                new OrderLine("CONT-2P-40A", 1, 99.99m, "Definite Purpose Contactor 2 Pole 40A 24V Coil", 99.99m, "68828574383267", Tax: 6.28m),
            ],
            order.Lines);
        Assert.Equal(147.38m, order.Totals!.Total);
    }

    [Fact]
    public async Task AcceptAsync_StaleWebhookTimestamp_Returns401()
    {
        using var fx = new IntakeFixture();
        var request = fx.StandardSigned("amazon", "orders", Sample, IntakeFixture.AmazonSecret, signedAt: fx.Time.GetUtcNow().AddMinutes(-5).AddSeconds(-1));

        IntakeAssert.Rejected(await fx.SendAsync(request), fx.Queue, 401, StandardWebhookSignature.TimestampHeader);
    }

    [Fact]
    public async Task AcceptAsync_TimestampWithinWindow_IsAccepted()
    {
        using var fx = new IntakeFixture();
        var request = fx.StandardSigned("amazon", "orders", Sample, IntakeFixture.AmazonSecret, signedAt: fx.Time.GetUtcNow().AddMinutes(-4));

        IntakeAssert.AcceptedOne(await fx.SendAsync(request), fx.Queue);
    }

    [Fact]
    public async Task AcceptAsync_SignedWithOtherSourcesSecret_Returns401()
    {
        using var fx = new IntakeFixture();

        IntakeAssert.Rejected(
            await fx.SendAsync(fx.StandardSigned("amazon", "orders", Sample, IntakeFixture.GenericSecret)), fx.Queue, 401, StandardWebhookSignature.SignatureHeader);
    }

    [Fact]
    public async Task AcceptAsync_CanceledOrder_EnqueuesACancellationNotAnOrder()
    {
        using var fx = new IntakeFixture();
        var body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Sample).Replace("\"Unshipped\"", "\"Canceled\"", StringComparison.Ordinal));

        var command = IntakeAssert.AcceptedOne(await fx.SendAsync(fx.Amazon("orders", body)), fx.Queue);

        Assert.Equal("amazon:SalesOrder.Cancel:114-3941689-8772232", command.IdempotencyKey);
        Assert.Equal(new SalesOrderCancel("114-3941689-8772232", "Canceled"), command.Payload);
    }

    [Fact]
    public async Task AcceptAsync_PendingOrderWithoutAddress_Acknowledged200NotEnqueued()
    {
        using var fx = new IntakeFixture();
        var text = Encoding.UTF8.GetString(Sample).Replace("\"Unshipped\"", "\"Pending\"", StringComparison.Ordinal);
        var body = Encoding.UTF8.GetBytes(System.Text.RegularExpressions.Regex.Replace(text, "\"ShippingAddress\"\\s*:", "\"NoAddress\":"));

        IntakeAssert.AcknowledgedNotEnqueued(await fx.SendAsync(fx.Amazon("orders", body)), fx.Queue, "not paid yet");
    }

    [Fact]
    public async Task AcceptAsync_FulfilledByAmazon_SkippedByDefault()
    {
        using var fx = new IntakeFixture();
        var body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Sample).Replace("\"MFN\"", "\"AFN\"", StringComparison.Ordinal));

        IntakeAssert.AcknowledgedNotEnqueued(await fx.SendAsync(fx.Amazon("orders", body)), fx.Queue, "MarketplaceFulfilled is Skip");
    }

    [Fact]
    public async Task AcceptAsync_ItemsWithNextToken_Returns422()
    {
        using var fx = new IntakeFixture();
        var text = Encoding.UTF8.GetString(Sample);
        var at = text.IndexOf("\"OrderItems\"", StringComparison.Ordinal);
        var body = Encoding.UTF8.GetBytes(text.Insert(at, "\"NextToken\": \"MRgZW55IGNhcm5hbCBwbGVhc3VyZS4=\", "));

        IntakeAssert.Rejected(await fx.SendAsync(fx.Amazon("orders", body)), fx.Queue, 422, "orderItems.NextToken");
    }

    [Fact]
    public async Task AcceptAsync_ItemsOfAnotherOrder_Returns422()
    {
        using var fx = new IntakeFixture();
        var text = Encoding.UTF8.GetString(Sample);
        var last = text.LastIndexOf("114-3941689-8772232", StringComparison.Ordinal);
        var body = Encoding.UTF8.GetBytes(string.Concat(text.AsSpan(0, last), "999-0000000-0000000", text.AsSpan(last + 19)));

        IntakeAssert.Rejected(await fx.SendAsync(fx.Amazon("orders", body)), fx.Queue, 422, "orderItems.AmazonOrderId");
    }

    [Fact]
    public async Task AcceptAsync_CustomersRoute_Returns404()
    {
        using var fx = new IntakeFixture();

        IntakeAssert.Rejected(await fx.SendAsync(fx.Amazon("customers", Sample)), fx.Queue, 404, "source");
    }
}
