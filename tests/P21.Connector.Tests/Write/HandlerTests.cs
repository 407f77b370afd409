using System.Globalization;

using P21.Connector.Client.Models;
using P21.Connector.Commands;
using P21.Connector.Storage;
using P21.Connector.Write;
using P21.Connector.Write.Handlers;

namespace P21.Connector.Tests.Write;

public class HandlerTests
{
    private static JournalEntryPost Settlement(string id, int lines, bool oneUnmapped = false)
    {
        List<SettlementLine> list = [];
        decimal total = 0;
        for (int i = 0; i < lines; i++)
        {
            (string type, string amountType, string description, decimal amount) = (i % 3) switch
            {
                0 => ("Order", "ItemPrice", "Principal", 10.25m),
                1 => ("Order", "ItemFees", "Commission", -1.53m),
                _ => ("Refund", "ItemPrice", "Principal", -0.99m),
            };
            if (oneUnmapped && i == lines - 1)
            {
                (type, amountType, description) = ("Other", "Mystery", "Fee");
            }

            list.Add(new SettlementLine(i + 2, type, amountType, description, amount, $"o{i}", "sku", "2026-03-01"));
            total += amount;
        }

        return new JournalEntryPost(id, new DateTimeOffset(2026, 3, 9, 0, 0, 0, TimeSpan.Zero), "USD", total, list,
            new DateTimeOffset(2026, 2, 23, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 8, 0, 0, 0, TimeSpan.Zero));
    }

    private static async Task MapGlAccountsAsync(WriterHarness h)
    {
        await h.Mappings.SetAsync("main", "amazon", MappingKind.GlAccount, MappingKey.ForGlAccount("Order", "ItemPrice", "Principal"), "4000-00");
        await h.Mappings.SetAsync("main", "amazon", MappingKind.GlAccount, MappingKey.ForGlAccount("Order", "ItemFees", "Commission"), "6100-00");
        await h.Mappings.SetAsync("main", "amazon", MappingKind.GlAccount, MappingKey.ForGlAccount("Refund", "ItemPrice", "Principal"), "4050-00");
    }

    [Fact]
    public async Task JournalEntryPost_TenThousandLines_OneBalancedJournalAndRedeliveryIsDuplicate()
    {
        await using var h = new WriterHarness();
        await MapGlAccountsAsync(h);
        WriteCommand command = WriterHarness.Command(Settlement("S-1", 10_000), "S-1", "amazon");

        WriteOutcome first = await h.SendAsync(command);
        WriteOutcome second = await h.SendAsync(command, 2);

        var committed = Assert.IsType<WriteOutcome.Committed>(first);
        IReadOnlyList<GlLine> journal = Assert.Single(h.P21.Journals);
        Assert.Equal(0m, journal.Sum(l => l.Amount));
        Assert.Equal(4, journal.Count); // three mapped aggregates plus the clearing line
        Assert.All(journal, l => Assert.Equal((3, 2026), (l.Period, l.YearForPeriod)));
        Assert.Equal(new WriteOutcome.Duplicate(committed.P21Key), second);
    }

    [Fact]
    public async Task JournalEntryPost_LedgerLostAfterPost_LookupFindsEntryInsteadOfPostingAgain()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var h = new WriterHarness(new CrashOnceLedger(new InMemoryIdempotencyLedger(time)));
        await MapGlAccountsAsync(h);
        WriteCommand command = WriterHarness.Command(Settlement("S-2", 30), "S-2", "amazon");

        await Assert.ThrowsAsync<IOException>(() => h.SendAsync(command));
        WriteOutcome outcome = await h.SendAsync(command, 2);

        Assert.IsType<WriteOutcome.Committed>(outcome);
        Assert.Single(h.P21.Journals);
    }

    [Fact]
    public async Task JournalEntryPost_OneUnmappedLine_ParkedWithLineReportAndNothingPosted()
    {
        await using var h = new WriterHarness();
        await MapGlAccountsAsync(h);
        WriteCommand command = WriterHarness.Command(Settlement("S-3", 10_000, oneUnmapped: true), "S-3", "amazon");

        var parked = Assert.IsType<WriteOutcome.Parked>(await h.SendAsync(command));

        Assert.Contains("line 10001 (Other/Mystery/Fee)", parked.Reason, StringComparison.Ordinal);
        ParkedRecord? record = await h.Parked.GetAsync("main", ParkedRecord.IdFor(command.IdempotencyKey));
        Assert.Equal("line 10001: Other/Mystery/Fee", record!.Details);
        Assert.Empty(h.P21.Journals);
    }

    [Fact]
    public async Task ShipmentConfirm_OpenPickTicket_ConfirmedWithMappedCarrierAndIdempotent()
    {
        await using var h = new WriterHarness();
        WriteOutcome order = await h.SendAsync(WriterHarness.Command(WriterHarness.Order("1201", ("WIDGET-1", 1)), "1201"));
        string orderNo = ((WriteOutcome.Committed)order).P21Key;
        h.P21.Add("oe_pick_ticket", new() { ["pick_ticket_no"] = "77", ["order_no"] = orderNo, ["tracking_no"] = null, ["invoice_no"] = null, ["delete_flag"] = "N" });
        var confirm = new ShipmentConfirm("1201", null, "UPS Ground", "1Z999", new DateTimeOffset(2026, 3, 11, 0, 0, 0, TimeSpan.Zero));

        WriteOutcome first = await h.SendAsync(WriterHarness.Command(confirm, "1201-ship"));
        // Same shipment under another id (a platform re-sent it): the ticket already carries the number.
        WriteOutcome second = await h.SendAsync(WriterHarness.Command(confirm, "1201-ship-again"));

        Assert.Equal(new WriteOutcome.Committed("77"), first);
        Assert.Equal(new WriteOutcome.Committed("77"), second);
        Assert.Single(h.P21.Submitted, r => r.Name == "Shipping");
        var edits = h.P21.Submitted.Single(r => r.Name == "Shipping").Transactions[0].DataElements[0].Rows[0].Edits;
        Assert.Contains(edits, e => e is { Name: "carrier_id", Value: "UPS" });
        Assert.Contains(edits, e => e is { Name: "create_invoice", Value: "ON" });
    }

    [Fact]
    public async Task ShipmentConfirm_InvoicedTicketWithoutTracking_Parked()
    {
        await using var h = new WriterHarness();
        h.P21.Add("oe_pick_ticket", new() { ["pick_ticket_no"] = "88", ["order_no"] = "5", ["tracking_no"] = null, ["invoice_no"] = "INV1", ["delete_flag"] = "N" });

        var parked = Assert.IsType<WriteOutcome.Parked>(await h.SendAsync(WriterHarness.Command(new ShipmentConfirm("5", "88", "UPS", "1Z1", null), "5-ship")));

        Assert.Contains("already invoiced", parked.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReturnCreate_AgainstCreatedOrder_RmaWithPositiveQuantitiesOnce()
    {
        await using var h = new WriterHarness();
        await h.SendAsync(WriterHarness.Command(WriterHarness.Order("1301", ("WIDGET-1", 3)), "1301"));
        var ret = new ReturnCreate("R-1", "1301", [new ReturnLine("WIDGET-1", 2, 9.5m, "damaged")], "note");

        WriteOutcome first = await h.SendAsync(WriterHarness.Command(ret, "R-1"));
        WriteOutcome again = await h.SendAsync(WriterHarness.Command(ret, "R-1") with { CommandId = "other" }, 2);

        var committed = Assert.IsType<WriteOutcome.Committed>(first);
        Assert.Equal(new WriteOutcome.Duplicate(committed.P21Key), again);
        var line = h.P21.Rows("oe_line", r => r["order_no"] == committed.P21Key).Single();
        Assert.Equal("2", line["unit_quantity"]);
        Assert.Equal(1, h.OrdersWithReference("RMA-R-1"));
        Assert.Equal("Y", h.P21.Rows("oe_hdr", r => r["order_no"] == committed.P21Key).Single()["rma_flag"]);
        Assert.Equal("RMA", Assert.Single(h.P21.Submitted, r => r.Name != "Order").Name);
    }

    [Fact]
    public async Task SalesOrderUpdateLines_ChangedQuantity_UpsertsByHandle()
    {
        await using var h = new WriterHarness();
        var created = (WriteOutcome.Committed)await h.SendAsync(WriterHarness.Command(WriterHarness.Order("1401", ("WIDGET-1", 1), ("BOLT-2", 4)), "1401"));
        var update = new SalesOrderUpdateLines("1401", [new OrderLine("WIDGET-1", 5, 9.5m, "item"), new OrderLine("BOLT-2", 4, 9.5m, "item")], "more widgets");

        WriteOutcome outcome = await h.SendAsync(WriterHarness.Command(update, "1401-u1"));

        Assert.Equal(new WriteOutcome.Committed(created.P21Key), outcome);
        var lines = h.P21.Rows("oe_line", r => r["order_no"] == created.P21Key).ToDictionary(r => r["user_line_no"]!, r => r["unit_quantity"]);
        Assert.Equal(2, lines.Count);
        Assert.Equal("5", lines["010"]);
    }

    [Fact]
    public async Task SalesOrderUpdateLines_DroppedLine_ParkedNamingTheLine()
    {
        await using var h = new WriterHarness();
        await h.SendAsync(WriterHarness.Command(WriterHarness.Order("1402", ("WIDGET-1", 1), ("BOLT-2", 4)), "1402"));
        var update = new SalesOrderUpdateLines("1402", [new OrderLine("WIDGET-1", 1, 9.5m, "item")], "dropped bolts");

        var parked = Assert.IsType<WriteOutcome.Parked>(await h.SendAsync(WriterHarness.Command(update, "1402-u1")));

        Assert.Contains("line 20 is not in the command", parked.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CustomerUpsert_KnownEmail_UpdatesExistingCustomerWithoutCreating()
    {
        await using var h = new WriterHarness();
        var upsert = new CustomerUpsert("shop-c-1", "Known Buyer", "known@example.com", "555", "Known Co", null, [], null);

        WriteOutcome outcome = await h.SendAsync(WriterHarness.Command(upsert, "shop-c-1"));

        Assert.Equal(new WriteOutcome.Committed("100"), outcome);
        var request = Assert.Single(h.P21.Submitted);
        Assert.Equal(["customer_id"], request.Transactions[0].DataElements[0].Keys);
    }

    [Fact]
    public async Task SalesOrderCreate_RequestedDateOnOrderDateWithParkPolicy_Parked()
    {
        await using var h = new WriterHarness(settings: s => s["Writer:RequestedDateBeforeOrderDate"] = "Park");
        SalesOrderCreate order = WriterHarness.Order("1501", ("WIDGET-1", 1)) with { RequestedShipDate = new DateTimeOffset(2026, 3, 10, 20, 0, 0, TimeSpan.Zero) };

        var parked = Assert.IsType<WriteOutcome.Parked>(await h.SendAsync(WriterHarness.Command(order, "1501")));

        Assert.Contains("not after the order date 2026-03-10", parked.Reason, StringComparison.Ordinal);
        Assert.Empty(h.P21.Submitted);
    }

    [Fact]
    public void SalesOrderCreateBuild_Lines_KeyedByUserLineNoWithReference()
    {
        SalesOrderCreate order = WriterHarness.Order("X'1", ("A", 1), ("A", 2));
        WriterOptions options = new() { DefaultSalesLocationId = "10", Taker = "ESTORE" };

        OrderPlan plan = OrderPlan.For(order, options);
        OrderHeader header0 = OrderHeader.For(order, "100", new ShipToChoice("100", null), new DateOnly(2026, 3, 10), new DateOnly(2026, 3, 12), options, []);
        TransactionRequest request = SalesOrderCreateHandler.Build(header0, [new("010", "A", 1), new("020", "A", 2)], plan);

        DataElement header = request.Transactions[0].DataElements[0];
        DataElement lines = request.Transactions[0].DataElements[1];
        Assert.Equal("Order", request.Name);
        Assert.Contains(header.Rows[0].Edits, e => e is { Name: "web_reference_no", Value: "X'1" });
        Assert.Contains(header.Rows[0].Edits, e => e is { Name: "source_loc_id", Value: "10" });
        Assert.Contains(header.Rows[0].Edits, e => e is { Name: "requested_date", Value: "2026-03-12" });
        Assert.DoesNotContain(header.Rows[0].Edits, e => e.Name is "company_id" or "ship2_add1");
        Assert.Equal(["user_line_no"], lines.Keys);
        Assert.Equal(["010", "020"], lines.Rows.Select(r => r.Edits.Single(e => e.Name == "user_line_no").Value));
    }

    [Theory]
    [InlineData(2026, 3, 1, 3, 2026)]
    [InlineData(2026, 7, 7, 1, 2027)]
    [InlineData(2026, 6, 7, 12, 2026)]
    [InlineData(2026, 1, 10, 4, 2026)]
    public void FiscalPeriod_StartMonth_MapsCalendarMonth(int year, int month, int start, int period, int fiscalYear) =>
        Assert.Equal((period, fiscalYear), JournalEntryPostHandler.FiscalPeriod(new DateOnly(year, month, 15), start));

    [Fact]
    public void TransactionVerdict_FailedSummary_ThrowsWithMessagesVerbatim()
    {
        var result = new TransactionResult(["Transaction 1:: Customer ID is required"], null, new TransactionSummary(0, 1, 0));

        var ex = Assert.Throws<WriteRejectedException>(() => TransactionVerdict.RequirePassed(result, "Order"));

        Assert.Equal("P21 rejected the Order transaction: Transaction 1:: Customer ID is required", ex.Message);
    }

    [Fact]
    public void TransactionVerdict_NothingPassed_Throws()
    {
        var result = new TransactionResult(["Transaction 1:: "], null, new TransactionSummary(0, 0, 1));

        var ex = Assert.Throws<WriteRejectedException>(() => TransactionVerdict.RequirePassed(result, "Order"));

        Assert.Contains("gave no message", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OrderReadBack_MissingAndChangedLines_Reported()
    {
        static P21Row Row(string handle, string item, decimal qty) =>
            new(System.Text.Json.JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["user_line_no"] = int.Parse(handle, CultureInfo.InvariantCulture), ["item_id"] = item, ["unit_quantity"] = qty }));

        List<string> problems = OrderReadBack.Compare(
            [new("010", "A", 1), new("020", "B", 2), new("030", "C", 3)],
            [Row("010", "A", 1), Row("020", "B", 5), Row("040", "D", 1)]);

        Assert.Equal(["line 020 (B) has quantity 5, not 2", "line 030 (C) is missing", "line 40 is not in the command"], problems);
    }
}
