using P21.Connector.Commands;
using P21.Connector.Storage;
using P21.Connector.Write;

namespace P21.Connector.Tests.Write;

/// <summary>What the storefront sold is what P21 receives: ship-to, charges, net prices, skipped and refused lines.</summary>
public class OrderFidelityTests
{
    private static readonly PostalAddress Jobsite = new("Site Foreman", "Acme Builders", "77 Harbor Rd", "Gate 3", null, "Galveston", "Texas", "77550", "United States", "409-555-0100", null);

    private static void Defaults(Dictionary<string, string?> s)
    {
        s["Writer:ChargeItems:Freight"] = "FREIGHT";
        s["Writer:ChargeItems:Fee"] = "FEE";
        s["Writer:NotesField"] = "delivery_instructions";
    }

    private static SalesOrderCreate Order(string id, PostalAddress? shipTo = null, params OrderLine[] lines) =>
        WriterHarness.Order(id, ("WIDGET-1", 2)) with { ShipTo = shipTo ?? WriterHarness.Order(id).ShipTo, Lines = lines.Length > 0 ? lines : WriterHarness.Order(id, ("WIDGET-1", 2)).Lines };

    private static async Task<(WriteOutcome.Committed Outcome, Dictionary<string, string?> Header, List<Dictionary<string, string?>> Lines)> WriteAsync(
        WriterHarness h, SalesOrderCreate order)
    {
        WriteOutcome outcome = await h.SendAsync(WriterHarness.Command(order, order.ExternalOrderId));
        var committed = Assert.IsType<WriteOutcome.Committed>(outcome);
        Dictionary<string, string?> header = Assert.Single(h.P21.Rows("oe_hdr", r => r["web_reference_no"] == order.ExternalOrderId));
        return (committed, header, h.P21.Rows("oe_line", r => r["order_no"] == committed.P21Key));
    }

    [Fact]
    public async Task ShipTo_AddressOfAnExistingShipTo_ThatShipToWithoutOneTimeFields()
    {
        await using var h = new WriterHarness(settings: Defaults);

        (_, Dictionary<string, string?> header, _) = await WriteAsync(h, Order("2001"));

        Assert.Equal("100", header["ship_to_id"]);
        Assert.False(header.ContainsKey("ship2_add1"));
    }

    [Fact]
    public async Task ShipTo_NewAddress_MatchOrCreate_CreatesOneShipToAndReusesItForTheNextOrder()
    {
        await using var h = new WriterHarness(settings: Defaults);

        (WriteOutcome.Committed first, Dictionary<string, string?> header1, _) = await WriteAsync(h, Order("2002", Jobsite));
        (_, Dictionary<string, string?> header2, _) = await WriteAsync(h, Order("2003", Jobsite with { Line1 = "77 HARBOR RD.", PostalCode = "77550-1234" }));

        string created = Assert.Single(h.P21.Submitted, r => r.Name == "ShipTo").Transactions[0].DataElements[0].Rows[0].Edits.Single(e => e.Name == "customer_id").Value!;
        Assert.Equal("100", created);
        Assert.NotEqual("100", header1["ship_to_id"]);
        Assert.Equal(header1["ship_to_id"], header2["ship_to_id"]);
        Dictionary<string, string?> address = Assert.Single(h.P21.Rows("address", r => r["id"] == header1["ship_to_id"]));
        Assert.Equal(("77 Harbor Rd", "Gate 3", "TX", "US"), (address["mail_address1"], address["mail_address2"], address["mail_state"], address["mail_country"]));
        Assert.Contains(first.Notices!, n => n.Contains("created P21 ship-to", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ShipTo_NewAddress_OneTimePolicy_DefaultShipToWithTheAddressInShip2Fields()
    {
        await using var h = new WriterHarness(settings: s =>
        {
            Defaults(s);
            s["Writer:ShipToPolicyBySource:shopify"] = "MatchOrOneTimeAddress";
        });

        (_, Dictionary<string, string?> header, _) = await WriteAsync(h, Order("2004", Jobsite));

        Assert.Equal("100", header["ship_to_id"]);
        Assert.Equal(("Site Foreman, Acme Builders", "77 Harbor Rd", "Gate 3", "Galveston", "TX", "77550", "US"),
            (header["ship2_name"], header["ship2_add1"], header["ship2_add2"], header["ship2_city"], header["ship2_state"], header["ship2_zip"], header["ship2_country"]));
        Assert.DoesNotContain(h.P21.Submitted, r => r.Name == "ShipTo");
    }

    [Fact]
    public async Task ShipTo_LongAddressLine_CutTo50AndReported()
    {
        await using var h = new WriterHarness(settings: s =>
        {
            Defaults(s);
            s["Writer:ShipToPolicy"] = "MatchOrOneTimeAddress";
        });
        string longLine = "Building 7, Receiving Dock B, Attn: Purchasing Department, Room 114";

        (WriteOutcome.Committed outcome, Dictionary<string, string?> header, _) = await WriteAsync(h, Order("2005", Jobsite with { Line1 = longLine }));

        Assert.Equal(longLine[..50].TrimEnd(), header["ship2_add1"]);
        Assert.Contains(outcome.Notices!, n => n == $"ship-to address line 1 cut to 50 characters (was {longLine.Length})");
    }

    [Fact]
    public async Task Lines_DiscountsChargesAndZeroLines_NetPricesChargeLinesAndNotices()
    {
        await using var h = new WriterHarness(settings: Defaults);
        SalesOrderCreate order = Order(
            "2006",
            null,
            new OrderLine("WIDGET-1", 3, 10m, "widget", Discount: 3m),
            new OrderLine("BOLT-2", 0, 5m, "bolt removed after checkout"))
            with
        {
            Charges = [new OrderCharge(ChargeKind.Freight, 12.5m, "UPS Ground"), new OrderCharge(ChargeKind.Fee, 0m, "free")],
            PurchaseOrderNumber = "PO-7781",
            Notes = "Call before delivery",
            ShipMethod = "UPS Ground",
        };

        (WriteOutcome.Committed outcome, Dictionary<string, string?> header, List<Dictionary<string, string?>> lines) = await WriteAsync(h, order);

        Assert.Equal([("WIDGET-1", "3", "9"), ("FREIGHT", "1", "12.5")], lines.Select(l => (l["item_id"], l["unit_quantity"], l["unit_price"])));
        Assert.Equal(("PO-7781", "2006", "UPS", "Call before delivery"), (header["po_no"], header["web_reference_no"], header["carrier_id"], header["delivery_instructions"]));
        Assert.Contains(outcome.Notices!, n => n.StartsWith("line 2 (BOLT-2) has quantity 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lines_TaxesIncluded_TaxTakenOutOfTheUnitPrice()
    {
        await using var h = new WriterHarness(settings: Defaults);
        SalesOrderCreate order = Order("2007", null, new OrderLine("WIDGET-1", 2, 12m, "widget", Tax: 4m)) with { TaxesIncluded = true };

        (_, _, List<Dictionary<string, string?>> lines) = await WriteAsync(h, order);

        Assert.Equal("10", Assert.Single(lines)["unit_price"]);
    }

    [Fact]
    public async Task GiftCard_WithoutItem_SkippedAndReported_WithItem_WrittenOnIt()
    {
        await using var skipped = new WriterHarness(settings: Defaults);
        SalesOrderCreate order = Order("2008", null, new OrderLine("WIDGET-1", 1, 10m, "widget"), new OrderLine("GC-50", 1, 50m, "Gift card", Kind: OrderLineKind.GiftCard));

        (WriteOutcome.Committed outcome, _, List<Dictionary<string, string?>> lines) = await WriteAsync(skipped, order);
        Assert.Equal(["WIDGET-1"], lines.Select(l => l["item_id"]));
        Assert.Contains(outcome.Notices!, n => n.StartsWith("line 2 is a gift card (50.00)", StringComparison.Ordinal));

        await using var written = new WriterHarness(settings: s =>
        {
            Defaults(s);
            s["Writer:GiftCardItemId"] = "BOLT-2";
        });
        (_, _, lines) = await WriteAsync(written, order);
        Assert.Equal(["WIDGET-1", "BOLT-2"], lines.Select(l => l["item_id"]));
    }

    [Theory]
    [InlineData("missing-sku", "line 2 ('custom engraving') has no SKU")]
    [InlineData("charge-without-item", "handling 4.00 has no P21 charge item; set Writer:ChargeItems:Handling")]
    [InlineData("currency", "currency EUR is not configured for this connection")]
    [InlineData("no-buyer", "no buyer e-mail and no platform customer")]
    [InlineData("marketplace", "Writer:MarketplaceLocationId is not set")]
    [InlineData("no-ship-to", "the order has no shipping address")]
    public async Task CannotBeWrittenAsConfigured_ParkedWithTheFixAndNothingSubmitted(string problem, string reason)
    {
        await using var h = new WriterHarness(settings: Defaults);
        SalesOrderCreate order = Order("2009");
        order = problem switch
        {
            "missing-sku" => order with { Lines = [.. order.Lines, new OrderLine("", 1, 15m, "custom engraving")] },
            "charge-without-item" => order with { Charges = [new OrderCharge(ChargeKind.Handling, 4m, "Handling")] },
            "currency" => order with { Currency = "EUR" },
            "no-buyer" => order with { Customer = new OrderCustomer(null, "Walk-in", null, null, null) },
            "no-ship-to" => order with { ShipTo = null, Customer = new OrderCustomer("new.buyer@example.com", "New Buyer", null, "new-1", null) },
            _ => order with { Standing = new OrderStanding("Unshipped", PaymentState.Paid, FulfilledByMarketplace: true) },
        };

        var parked = Assert.IsType<WriteOutcome.Parked>(await h.SendAsync(WriterHarness.Command(order, "2009")));

        Assert.Contains(reason, parked.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(h.P21.Submitted, r => r.Name is "Order" or "Customer" or "ShipTo");
    }

    [Fact]
    public async Task HouseCustomer_EveryOrderOfTheSourceGoesToIt_WithItsOwnShipTo()
    {
        await using var h = new WriterHarness(settings: s =>
        {
            Defaults(s);
            s["Writer:HouseCustomerIds:amazon"] = "100";
            s["Writer:ShipToPolicyBySource:amazon"] = "MatchOrOneTimeAddress";
        });
        SalesOrderCreate order = Order("2010", Jobsite) with { Customer = new OrderCustomer("buyer@marketplace.amazon.com", "Amazon Buyer", null, null, null) };

        WriteOutcome outcome = await h.SendAsync(WriterHarness.Command(order, "2010", "amazon"));

        Assert.IsType<WriteOutcome.Committed>(outcome);
        Dictionary<string, string?> header = Assert.Single(h.P21.Rows("oe_hdr", r => r["web_reference_no"] == "2010"));
        Assert.Equal(("100", "100", "77 Harbor Rd"), (header["customer_id"], header["ship_to_id"], header["ship2_add1"]));
        Assert.DoesNotContain(h.P21.Submitted, r => r.Name == "Customer");
    }

    [Fact]
    public async Task Redelivery_AfterACrashBeforeTheLedgerCommit_FindsTheOrderAndVerifiesChargeLines()
    {
        await using var h = new WriterHarness(new CrashOnceLedger(new InMemoryIdempotencyLedger(new Microsoft.Extensions.Time.Testing.FakeTimeProvider())), Defaults);
        SalesOrderCreate order = Order("2011", null, new OrderLine("WIDGET-1", 1, 10m, "w"), new OrderLine("BOLT-2", 0, 1m, "gone"))
            with
        { Charges = [new OrderCharge(ChargeKind.Freight, 7m, "Ground")] };
        WriteCommand command = WriterHarness.Command(order, "2011");

        await Assert.ThrowsAsync<IOException>(() => h.SendAsync(command, 1));
        var again = Assert.IsType<WriteOutcome.Committed>(await h.SendAsync(command, 2));

        Assert.Equal(h.P21.Rows("oe_hdr", r => r["web_reference_no"] == "2011").Single()["order_no"], again.P21Key);
        Assert.Single(h.P21.Submitted, r => r.Name == "Order");
    }

    [Fact]
    public async Task Cancel_NeverWritten_CommittedWithNothingToDo()
    {
        await using var h = new WriterHarness(settings: Defaults);

        var outcome = Assert.IsType<WriteOutcome.Committed>(await h.SendAsync(WriterHarness.Command(new SalesOrderCancel("3001", "cancelled"), "3001")));

        Assert.Equal("not-in-p21", outcome.P21Key);
        Assert.Contains(outcome.Notices!, n => n.Contains("nothing to cancel", StringComparison.Ordinal));
        Assert.Empty(h.P21.Submitted);
    }

    [Fact]
    public async Task Cancel_AfterWrite_ParkedForAnOperatorByDefault_CancelledInP21WhenConfigured()
    {
        await using var parkedHarness = new WriterHarness(settings: Defaults);
        string orderNo = Assert.IsType<WriteOutcome.Committed>(await parkedHarness.SendAsync(WriterHarness.Command(Order("3002"), "3002"))).P21Key;

        var parked = Assert.IsType<WriteOutcome.Parked>(await parkedHarness.SendAsync(WriterHarness.Command(new SalesOrderCancel("3002", "cancelled"), "3002")));
        Assert.Contains($"after it was written as P21 order {orderNo}; cancel it in P21 (or set Writer:CancelOrdersInP21)", parked.Reason, StringComparison.Ordinal);

        await using var h = new WriterHarness(settings: s =>
        {
            Defaults(s);
            s["Writer:CancelOrdersInP21"] = "true";
        });
        orderNo = Assert.IsType<WriteOutcome.Committed>(await h.SendAsync(WriterHarness.Command(Order("3003"), "3003"))).P21Key;

        WriteOutcome outcome = await h.SendAsync(WriterHarness.Command(new SalesOrderCancel("3003", "cancelled"), "3003"));
        Assert.True(outcome is WriteOutcome.Committed, outcome.ToString());
        var cancelled = (WriteOutcome.Committed)outcome;

        Assert.Equal(orderNo, cancelled.P21Key);
        Assert.Equal("Y", h.P21.Rows("oe_hdr", r => r["order_no"] == orderNo).Single()["cancel_flag"]);
    }

    [Fact]
    public async Task DiscountLineMode_ListPricesAndOneNegativeDiscountLine_OrParkedWithoutItsItem()
    {
        SalesOrderCreate order = Order("4001", null, new OrderLine("WIDGET-1", 3, 10m, "widget", Discount: 3m), new OrderLine("BOLT-2", 1, 5m, "bolt", Discount: 0.5m));
        await using var h = new WriterHarness(settings: s =>
        {
            Defaults(s);
            s["Writer:DiscountMode"] = "DiscountLine";
            s["Writer:ChargeItems:Discount"] = "DISCOUNT";
        });

        (_, _, List<Dictionary<string, string?>> lines) = await WriteAsync(h, order);

        Assert.Equal([("WIDGET-1", "10"), ("BOLT-2", "5"), ("DISCOUNT", "-3.5")], lines.Select(l => (l["item_id"], l["unit_price"])));

        await using var missing = new WriterHarness(settings: s =>
        {
            Defaults(s);
            s["Writer:DiscountMode"] = "DiscountLine";
        });
        var parked = Assert.IsType<WriteOutcome.Parked>(await missing.SendAsync(WriterHarness.Command(order with { ExternalOrderId = "4002" }, "4002")));
        Assert.Contains("discounts of 3.50 need a discount line item; set Writer:ChargeItems:Discount", parked.Reason, StringComparison.Ordinal);
    }
}
