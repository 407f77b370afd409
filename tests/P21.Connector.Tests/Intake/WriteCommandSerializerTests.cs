using P21.Connector.Commands;

namespace P21.Connector.Tests.Intake;

public class WriteCommandSerializerTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 22, 16, 6, 0, TimeSpan.Zero);

    public static TheoryData<WriteCommandPayload> Payloads() =>
    [
        new SalesOrderCreate("1001", Received, null, new OrderCustomer("a@b.example", "A B", null, "7", null), null,
            new PostalAddress("A B", null, "1 Main", null, null, "Town", "NY", "10001", "US", null, null),
            [new OrderLine("SKU-1", 2, 64.95m, "Bolt")], "USD", null, new OrderTotals(129.90m, 0, 0, 0, 129.90m)),
        new SalesOrderUpdateLines("1001", [new OrderLine("SKU-1", 1, 0.1m, null)], "edit"),
        new CustomerUpsert("C1", "Name", null, null, null, null, []),
        new PurchaseOrderCreate("PO1", "100045", "10", null, [new PurchaseOrderLine("SKU", 5, 0.21m, null)], null),
        new PurchaseOrderUpdate("PO1", Received, [new PurchaseOrderLine("SKU", 6, null, null)], null),
        new ShipmentConfirm("1001", "PT-9", "UPS Ground", "1Z999AA10123456784", Received),
        new ReturnCreate("R1", "1001", [new ReturnLine("SKU", 1, 10m, "damaged")], null),
        new JournalEntryPost("S1", Received, "USD", 1.5m, [new SettlementLine(3, "Order", "ItemPrice", "Principal", 1.5m, "o", "s", "2026-11-20")]),
    ];

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Serialize_EveryKind_RoundTripsWithDiscriminator(WriteCommandPayload payload)
    {
        var command = WriteCommand.Create("Shopify ", "1001", "acme", Received, payload);

        var json = WriteCommandSerializer.Serialize(command);
        var back = WriteCommandSerializer.Deserialize(json);

        Assert.Contains("\"schema\":\"p21.write/1\"", json, StringComparison.Ordinal);
        Assert.Contains($"\"type\":\"{payload.Kind.Name}\"", json, StringComparison.Ordinal);
        Assert.Contains($"\"kind\":\"{payload.Kind.Name}\"", json, StringComparison.Ordinal);
        Assert.Equal(command.CommandId, back.CommandId);
        Assert.Equal(payload.Kind, back.Payload.Kind);
        Assert.Equal(WriteCommandSerializer.Serialize(back), json);
    }

    [Fact]
    public void Serialize_Money_IsWrittenAsExactDecimal()
    {
        var payload = new SalesOrderCreate("1", Received, null, new OrderCustomer("a@b.example", null, null, null, null), null, null,
            [new OrderLine("S", 3, 0.1m + 0.2m, null)], "USD", null, null);

        var json = WriteCommandSerializer.Serialize(WriteCommand.Create("generic", "1", "acme", Received, payload));

        Assert.Contains("\"unitPrice\":0.3", json, StringComparison.Ordinal);
        Assert.DoesNotContain("0.30000000000000004", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SameSourceKindAndId_GivesSameIdAndNormalizedKey()
    {
        var payload = new CustomerUpsert("C1", "Name", null, null, null, null, []);

        var first = WriteCommand.Create("Generic", " C1 ", "acme", Received, payload);
        var retry = WriteCommand.Create("generic", "c1", "acme", Received.AddMinutes(3), payload);

        Assert.Equal("generic:Customer.Upsert:c1", first.IdempotencyKey);
        Assert.Equal(first.CommandId, retry.CommandId);
        Assert.Equal(64, first.CommandId.Length);
        Assert.NotEqual(first.CommandId, WriteCommand.Create("clarity", "C1", "acme", Received, payload).CommandId);
    }

    [Theory]
    [InlineData("not json", "Not a valid write command")]
    [InlineData("null", "the JSON is null")]
    [InlineData("{\"schema\":\"p21.write/9\",\"commandId\":\"x\",\"kind\":\"Customer.Upsert\",\"source\":\"g\",\"externalId\":\"1\",\"idempotencyKey\":\"k\",\"connection\":\"c\",\"receivedUtc\":\"2026-11-22T00:00:00Z\",\"payload\":{\"type\":\"Customer.Upsert\",\"externalCustomerId\":\"1\",\"name\":\"n\",\"email\":null,\"phone\":null,\"company\":null,\"mailingAddress\":null,\"shipTos\":[]}}", "Unsupported write command schema 'p21.write/9'")]
    [InlineData("{\"schema\":\"p21.write/1\",\"commandId\":\"x\",\"kind\":\"SalesOrder.Create\",\"source\":\"g\",\"externalId\":\"1\",\"idempotencyKey\":\"k\",\"connection\":\"c\",\"receivedUtc\":\"2026-11-22T00:00:00Z\",\"payload\":{\"type\":\"Customer.Upsert\",\"externalCustomerId\":\"1\",\"name\":\"n\",\"email\":null,\"phone\":null,\"company\":null,\"mailingAddress\":null,\"shipTos\":[]}}", "does not match its payload type")]
    [InlineData("{\"schema\":\"p21.write/1\",\"commandId\":\"x\",\"kind\":\"Customer.Upsert\",\"source\":\"g\",\"externalId\":\"1\",\"idempotencyKey\":\"k\",\"connection\":\"c\",\"receivedUtc\":\"2026-11-22T00:00:00Z\",\"payload\":{\"type\":\"Nope\"}}", "Not a valid write command at $.payload")]
    [InlineData("{\"schema\":\"p21.write/1\",\"commandId\":\"x\",\"kind\":\"Customer.Upsert\",\"source\":\"g\",\"externalId\":\"1\",\"idempotencyKey\":\"k\",\"connection\":\"c\",\"receivedUtc\":\"2026-11-22T00:00:00Z\",\"payload\":{\"type\":\"Customer.Upsert\",\"externalCustomerId\":\"1\",\"email\":null,\"phone\":null,\"company\":null,\"mailingAddress\":null,\"shipTos\":[]}}", "name")]
    [InlineData("{\"schema\":\"p21.write/1\",\"commandId\":\"x\",\"kind\":\"Customer.Delete\",\"source\":\"g\",\"externalId\":\"1\",\"idempotencyKey\":\"k\",\"connection\":\"c\",\"receivedUtc\":\"2026-11-22T00:00:00Z\",\"payload\":{\"type\":\"Customer.Upsert\",\"externalCustomerId\":\"1\",\"name\":\"n\",\"shipTos\":[]}}", "Unknown write command kind 'Customer.Delete'")]
    [InlineData("{\"schema\":\"p21.write/1\",\"commandId\":\"x\",\"kind\":7,\"source\":\"g\",\"externalId\":\"1\",\"idempotencyKey\":\"k\",\"connection\":\"c\",\"receivedUtc\":\"2026-11-22T00:00:00Z\",\"payload\":{\"type\":\"Customer.Upsert\",\"externalCustomerId\":\"1\",\"name\":\"n\",\"shipTos\":[]}}", "at $.kind")]
    public void Deserialize_BadInput_ThrowsWithClearMessage(string json, string expected)
    {
        var ex = Assert.Throws<WriteCommandFormatException>(() => WriteCommandSerializer.Deserialize(json));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_NullFields_AreLeftOutAndReadBackAsNull()
    {
        var payload = new SalesOrderCreate("1002", Received, null, new OrderCustomer(null, "Walk In", null, null, null), null,
            new PostalAddress(null, null, "1 Main", null, null, "Town", null, "10001", "US", null, null),
            [new OrderLine("SKU-1", 1, 5m, null)], "USD", null, null);
        var command = WriteCommand.Create("shopify", "1002", "acme", Received, payload);

        var json = WriteCommandSerializer.Serialize(command);
        var back = Assert.IsType<SalesOrderCreate>(WriteCommandSerializer.Deserialize(json).Payload);

        Assert.DoesNotContain("requestedShipDate", json, StringComparison.Ordinal);
        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
        Assert.Null(back.RequestedShipDate);
        Assert.Null(back.BillTo);
        Assert.Null(back.Customer.Email);
        Assert.Null(back.ShipTo!.Region);
        Assert.Null(back.Lines[0].ExtendedPrice);
        Assert.Equal(payload.Lines, back.Lines);
        Assert.Equal(payload with { Lines = back.Lines }, back);
    }

    [Fact]
    public void Deserialize_OptionalMembersMissing_ReadsThemAsNull()
    {
        const string Json = "{\"schema\":\"p21.write/1\",\"commandId\":\"x\",\"kind\":\"Return.Create\",\"source\":\"g\",\"externalId\":\"R1\",\"idempotencyKey\":\"k\",\"connection\":\"c\",\"receivedUtc\":\"2026-11-22T00:00:00Z\",\"payload\":{\"type\":\"Return.Create\",\"externalReturnId\":\"R1\",\"externalOrderId\":\"1001\",\"lines\":[{\"sku\":\"S\",\"quantity\":1}]}}";

        var payload = Assert.IsType<ReturnCreate>(WriteCommandSerializer.Deserialize(Json).Payload);

        Assert.Null(payload.Notes);
        Assert.Equal(new ReturnLine("S", 1, null, null), Assert.Single(payload.Lines));
    }

    [Theory]
    [InlineData("\"lines\":[{\"sku\":\"S\",\"quantity\":1}]", "externalOrderId")]
    [InlineData("\"externalOrderId\":\"1001\"", "lines")]
    [InlineData("\"externalOrderId\":\"1001\",\"lines\":[{\"sku\":\"S\"}]", "quantity")]
    [InlineData("\"externalOrderId\":null,\"lines\":[]", "externalOrderId")]
    public void Deserialize_RequiredMemberMissingOrNull_NamesIt(string members, string expected)
    {
        string json = "{\"schema\":\"p21.write/1\",\"commandId\":\"x\",\"kind\":\"Return.Create\",\"source\":\"g\",\"externalId\":\"R1\",\"idempotencyKey\":\"k\",\"connection\":\"c\",\"receivedUtc\":\"2026-11-22T00:00:00Z\",\"payload\":{\"type\":\"Return.Create\",\"externalReturnId\":\"R1\"," + members + "}}";

        var ex = Assert.Throws<WriteCommandFormatException>(() => WriteCommandSerializer.Deserialize(json));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_EnvelopeMemberMissing_NamesIt()
    {
        const string Json = "{\"schema\":\"p21.write/1\",\"kind\":\"Customer.Upsert\",\"source\":\"g\",\"externalId\":\"1\",\"idempotencyKey\":\"k\",\"connection\":\"c\",\"receivedUtc\":\"2026-11-22T00:00:00Z\",\"payload\":{\"type\":\"Customer.Upsert\",\"externalCustomerId\":\"1\",\"name\":\"n\",\"shipTos\":[]}}";

        var ex = Assert.Throws<WriteCommandFormatException>(() => WriteCommandSerializer.Deserialize(Json));

        Assert.Contains("commandId", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_DiscriminatorNotFirst_StillReads()
    {
        const string Json = "{\"payload\":{\"name\":\"n\",\"externalCustomerId\":\"1\",\"email\":null,\"phone\":null,\"company\":null,\"mailingAddress\":null,\"shipTos\":[],\"type\":\"Customer.Upsert\"},\"schema\":\"p21.write/1\",\"commandId\":\"x\",\"kind\":\"Customer.Upsert\",\"source\":\"g\",\"externalId\":\"1\",\"idempotencyKey\":\"k\",\"connection\":\"c\",\"receivedUtc\":\"2026-11-22T00:00:00Z\"}";

        var command = WriteCommandSerializer.Deserialize(Json);

        Assert.IsType<CustomerUpsert>(command.Payload);
    }
}
