using System.Text;

using P21.Connector.Commands;
using P21.Connector.Intake.Signatures;

namespace P21.Connector.Tests.Intake;

public class GenericIntakeTests
{
    [Fact]
    public async Task AcceptAsync_CanonicalOrder_EnqueuesItAsIs()
    {
        using var fx = new IntakeFixture();

        var command = IntakeAssert.AcceptedOne(await fx.SendAsync(fx.Generic("orders", Samples.Bytes("generic-order.json"))), fx.Queue);

        Assert.Equal("generic:SalesOrder.Create:clr-2026-004417", command.IdempotencyKey);
        Assert.Equal("CLR-2026-004417", command.ExternalId);
        var order = Assert.IsType<SalesOrderCreate>(command.Payload);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero), order.RequestedShipDate);
        Assert.Equal(new OrderCustomer("ap@harborline-marine.example", "Harborline Marine Supply", "+1 206-555-0164", "ACC-10422", "Harborline Marine Supply"), order.Customer);
        Assert.Equal(new OrderLine("SS316-BOLT-38-2", 200, 0.4125m, "316 SS Hex Bolt 3/8-16 x 2", null, "1"), order.Lines[0]);
        Assert.Equal("PO-88213", order.PurchaseOrderNumber);
        Assert.Equal(new OrderTotals(307.50m, 45.00m, 31.68m, 0m, 384.18m), order.Totals);
    }

    [Fact]
    public async Task AcceptAsync_ConfiguredClaritySource_KeysBySourceName()
    {
        using var fx = new IntakeFixture();

        var command = IntakeAssert.AcceptedOne(await fx.SendAsync(fx.Generic("orders", Samples.Bytes("generic-order.json"), source: "clarity")), fx.Queue);

        Assert.Equal("clarity:SalesOrder.Create:clr-2026-004417", command.IdempotencyKey);
    }

    [Fact]
    public async Task AcceptAsync_Customer_EnqueuesCustomerUpsert()
    {
        using var fx = new IntakeFixture();

        var command = IntakeAssert.AcceptedOne(await fx.SendAsync(fx.Generic("customers", Samples.Bytes("generic-customer.json"))), fx.Queue);

        var customer = Assert.IsType<CustomerUpsert>(command.Payload);
        Assert.Equal("generic:Customer.Upsert:acc-10422", command.IdempotencyKey);
        Assert.Equal("Harborline Marine Supply", customer.Name);
        Assert.Equal("4400 W Marginal Way SW", Assert.Single(customer.ShipTos).Line1);
        Assert.Empty(await fx.Recent.LatestAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task AcceptAsync_PurchaseOrder_EnqueuesPurchaseOrderCreate()
    {
        using var fx = new IntakeFixture();

        var command = IntakeAssert.AcceptedOne(await fx.SendAsync(fx.Generic("purchase-orders", Samples.Bytes("generic-purchase-order.json"))), fx.Queue);

        var po = Assert.IsType<PurchaseOrderCreate>(command.Payload);
        Assert.Equal(("100045", "10"), (po.VendorId, po.LocationId));
        Assert.Equal([new PurchaseOrderLine("SS316-BOLT-38-2", 2000, 0.21m, "Replenish to max"), new PurchaseOrderLine("ANODE-ZN-HULL-6", 48, null, null)], po.Lines);
    }

    [Fact]
    public async Task AcceptAsync_OrderWithEveryFieldWrong_ListsEachField()
    {
        using var fx = new IntakeFixture();
        var body = """
            {"externalId": "", "orderDate": "yesterday", "currency": 840, "customer": {"name": "x"},
             "shipTo": "123 Main", "lines": [{"sku": "A", "quantity": -1, "unitPrice": "free"}, 7]}
            """u8.ToArray();

        var problem = IntakeAssert.Rejected(await fx.SendAsync(fx.Generic("orders", body)), fx.Queue, 422, "externalId");

        Assert.Equal(
            ["customer", "externalId", "lines[0].quantity", "lines[0].unitPrice", "lines[1]", "orderDate", "shipTo"],
            problem.Errors.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(IntakeProblemsTypes.Validation, problem.Type);
    }

    [Fact]
    public async Task AcceptAsync_MissingWebhookId_Returns401NamingHeader()
    {
        using var fx = new IntakeFixture();
        var request = fx.Generic("orders", Samples.Bytes("generic-order.json"));
        var headers = request.Headers.Where(h => h.Key != StandardWebhookSignature.IdHeader).ToDictionary();

        IntakeAssert.Rejected(await fx.SendAsync(request with { Headers = headers }), fx.Queue, 401, StandardWebhookSignature.IdHeader);
    }

    [Fact]
    public async Task AcceptAsync_SecondSignatureMatches_IsAccepted()
    {
        using var fx = new IntakeFixture();
        var request = fx.Generic("orders", Samples.Bytes("generic-order.json"));
        var headers = request.Headers.ToDictionary();
        headers[StandardWebhookSignature.SignatureHeader] = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= " + headers[StandardWebhookSignature.SignatureHeader];

        IntakeAssert.AcceptedOne(await fx.SendAsync(request with { Headers = headers }), fx.Queue);
    }

    [Fact]
    public async Task AcceptAsync_TimestampNotNumeric_Returns401()
    {
        using var fx = new IntakeFixture();
        var request = fx.Generic("orders", Samples.Bytes("generic-order.json"));
        var headers = request.Headers.ToDictionary();
        headers[StandardWebhookSignature.TimestampHeader] = "2026-11-22T16:06:00Z";

        IntakeAssert.Rejected(await fx.SendAsync(request with { Headers = headers }), fx.Queue, 401, StandardWebhookSignature.TimestampHeader);
    }

    [Fact]
    public async Task AcceptAsync_BodyWithBom_IsAccepted()
    {
        using var fx = new IntakeFixture();
        byte[] body = [0xEF, 0xBB, 0xBF, .. Samples.Bytes("generic-order.json")];

        IntakeAssert.AcceptedOne(await fx.SendAsync(fx.Generic("orders", body)), fx.Queue);
    }

    [Fact]
    public async Task AcceptAsync_TooDeep_Returns400()
    {
        using var fx = new IntakeFixture();
        var body = Encoding.UTF8.GetBytes(new string('[', 100) + new string(']', 100));

        IntakeAssert.Rejected(await fx.SendAsync(fx.Generic("orders", body)), fx.Queue, 400, "body");
    }
}

internal static class IntakeProblemsTypes
{
    public const string Validation = P21.Connector.Intake.IntakeProblems.ValidationType;
}
