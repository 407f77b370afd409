using P21.Connector.Commands;
using P21.Connector.Storage;
using P21.Connector.Write;

namespace P21.Connector.Tests.Write;

/// <summary>
/// Reconciliation against the fake P21: the order is written by the real writer, then changed in P21 the way a person
/// at the order entry screen would, and the comparison must name exactly what changed.
/// </summary>
public sealed class OrderReconciliationTests
{
    private static WriterHarness Harness() => new(settings: s => s["Writer:ChargeItems:Freight"] = "FREIGHT");

    // 2 × 9.50 less a 1.00 discount = 9.00 net each, 1 × 9.50, freight 5.00: 32.50 planned; the storefront adds 2.35 tax.
    private static WriteCommand Order(string id)
    {
        SalesOrderCreate order = WriterHarness.Order(id, ("WIDGET-1", 2), ("BOLT-2", 1));
        order = order with
        {
            Lines = [order.Lines[0] with { Discount = 1m }, order.Lines[1]],
            Charges = [new OrderCharge(ChargeKind.Freight, 5m, "UPS Ground")],
            Totals = new OrderTotals(28.5m, 5m, 2.35m, 1m, 34.85m),
        };
        return WriterHarness.Command(order, id);
    }

    private static async Task<string> WriteAsync(WriterHarness h, WriteCommand command) =>
        Assert.IsType<WriteOutcome.Committed>(await h.SendAsync(command)).P21Key;

    private static Dictionary<string, string?> Line(WriterHarness h, string orderNo, string userLineNo) =>
        h.P21.Tables["oe_line"].Single(r => r["order_no"] == orderNo && r["user_line_no"] == userLineNo);

    [Fact]
    public async Task Reconcile_P21HoldsWhatTheWriterPlanned_MatchesWithTotalsAndTaxNote()
    {
        await using WriterHarness h = Harness();
        WriteCommand command = Order("7001");
        string orderNo = await WriteAsync(h, command);

        OrderReconciliationResult result = await h.Reconciliation.ReconcileAsync(command, h.P21);

        Assert.Empty(result.Differences);
        Assert.Equal(OrderReconciliationStatus.Match, result.Status);
        Assert.Equal(orderNo, result.P21OrderNo);
        Assert.Equal((32.50m, 32.50m, 34.85m), (result.PlannedTotal, result.P21Total, result.PlatformTotal));
        Assert.Equal("storefront tax 2.35, P21 computes its own", result.TaxNote);
    }

    [Fact]
    public async Task Reconcile_QuantityChangedInP21_NamesTheLineAndTheTotal()
    {
        await using WriterHarness h = Harness();
        WriteCommand command = Order("7002");
        string orderNo = await WriteAsync(h, command);
        Line(h, orderNo, "010")["unit_quantity"] = "5";

        OrderReconciliationResult result = await h.Reconciliation.ReconcileAsync(command, h.P21);

        Assert.Equal(OrderReconciliationStatus.Differs, result.Status);
        Assert.Equal(
            [
                new OrderDifference("7002", "line 010 (WIDGET-1) quantity", "2", "5"),
                new OrderDifference("7002", "order total", "32.50 planned", "59.50"),
            ],
            result.Differences);
    }

    [Fact]
    public async Task Reconcile_PriceChangedInP21_NamesUnitAndExtendedPrice()
    {
        await using WriterHarness h = Harness();
        WriteCommand command = Order("7003");
        string orderNo = await WriteAsync(h, command);
        Dictionary<string, string?> line = Line(h, orderNo, "020");
        line["unit_price"] = "8.25";
        line["extended_price"] = "8.25";

        OrderReconciliationResult result = await h.Reconciliation.ReconcileAsync(command, h.P21);

        Assert.Equal(
            [
                new OrderDifference("7003", "line 020 (BOLT-2) unit price", "9.50", "8.25"),
                new OrderDifference("7003", "line 020 (BOLT-2) extended price", "9.50", "8.25"),
                new OrderDifference("7003", "order total", "32.50 planned", "31.25"),
            ],
            result.Differences);
    }

    [Fact]
    public async Task Reconcile_LineMissingOrCancelledInP21_SaysWhichAndWhatWasSold()
    {
        await using WriterHarness h = Harness();
        WriteCommand command = Order("7004");
        string orderNo = await WriteAsync(h, command);
        Line(h, orderNo, "020")["delete_flag"] = "Y";
        Line(h, orderNo, "030")["cancel_flag"] = "Y";

        OrderReconciliationResult result = await h.Reconciliation.ReconcileAsync(command, h.P21);

        Assert.Equal(
            [
                new OrderDifference("7004", "line 020 (BOLT-2)", "BOLT-2 x1 @ 9.50 = 9.50", "missing in P21"),
                new OrderDifference("7004", "line 030 freight (FREIGHT)", "FREIGHT x1 @ 5.00 = 5.00", "cancelled in P21"),
                new OrderDifference("7004", "order total", "32.50 planned", "18.00"),
            ],
            result.Differences);
    }

    [Fact]
    public async Task Reconcile_ExtraLineInP21_IsListedAsNotOnTheStorefrontOrder()
    {
        await using WriterHarness h = Harness();
        WriteCommand command = Order("7005");
        string orderNo = await WriteAsync(h, command);
        h.P21.Add("oe_line", new() { ["order_no"] = orderNo, ["user_line_no"] = "40", ["item_id"] = "WIDGET-1", ["unit_quantity"] = "3", ["unit_price"] = "2", ["delete_flag"] = "N" });
        h.P21.Add("oe_line", new() { ["order_no"] = orderNo, ["line_no"] = "9", ["item_id"] = "FEE", ["unit_quantity"] = "1", ["unit_price"] = "1.5", ["delete_flag"] = "N" });

        OrderReconciliationResult result = await h.Reconciliation.ReconcileAsync(command, h.P21);

        Assert.Equal(
            [
                new OrderDifference("7005", "line 040", "not on the storefront order", "WIDGET-1 x3 @ 2.00"),
                new OrderDifference("7005", "line_no 9 (no user_line_no)", "not on the storefront order", "FEE x1 @ 1.50"),
                new OrderDifference("7005", "order total", "32.50 planned", "40.00"),
            ],
            result.Differences);
    }

    [Fact]
    public async Task Reconcile_OrderNotInP21_IsMissingWithWhatTheLedgerKnows()
    {
        await using WriterHarness h = Harness();
        WriteCommand neverWritten = Order("7006");
        WriteCommand parked = WriterHarness.Command(WriterHarness.Order("7007", ("NO-SUCH-SKU", 1)), "7007");
        await h.SendAsync(parked);

        OrderReconciliationResult missing = await h.Reconciliation.ReconcileAsync(neverWritten, h.P21);
        OrderReconciliationResult notWritten = await h.Reconciliation.ReconcileAsync(parked, h.P21);

        Assert.Equal(OrderReconciliationStatus.Missing, missing.Status);
        Assert.Null(missing.P21OrderNo);
        OrderDifference difference = Assert.Single(missing.Differences);
        Assert.Equal(("7006", "order", "3 line(s), planned total 32.50"), (difference.Order, difference.What, difference.Storefront));
        Assert.StartsWith("missing in P21; the writer never took it", difference.P21, StringComparison.Ordinal);

        Assert.Equal(OrderReconciliationStatus.Parked, notWritten.Status);
        OrderDifference parkedDifference = Assert.Single(notWritten.Differences);
        Assert.StartsWith("the writer parks it: unknown SKU NO-SUCH-SKU (line 1)", parkedDifference.Storefront, StringComparison.Ordinal);
        Assert.Equal($"missing in P21; parked (p21 parked show {ParkedRecord.IdFor(parked.IdempotencyKey)})", parkedDifference.P21);

        // Once the SKU is mapped the plan writes it: the order is still missing, and a replay is what it needs.
        await h.Mappings.SetAsync("main", "shopify", MappingKind.Sku, "NO-SUCH-SKU", "BOLT-2");
        OrderReconciliationResult fixedButNotReplayed = await h.Reconciliation.ReconcileAsync(parked, h.P21);

        Assert.Equal(OrderReconciliationStatus.Missing, fixedButNotReplayed.Status);
        string p21 = Assert.Single(fixedButNotReplayed.Differences).P21;
        Assert.StartsWith("missing in P21; parked earlier (unknown SKU NO-SUCH-SKU (line 1)", p21, StringComparison.Ordinal);
        Assert.EndsWith($"writable now: p21 parked replay {ParkedRecord.IdFor(parked.IdempotencyKey)}", p21, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_PlatformTotalTheWriterDoesNotPlan_IsADifferenceEvenWhenP21MatchesThePlan()
    {
        await using WriterHarness h = Harness();
        WriteCommand command = Order("7008");
        // The storefront also charged handling, which it did not itemize as a charge.
        command = command with { Payload = ((SalesOrderCreate)command.Payload) with { Totals = new OrderTotals(28.5m, 5m, 2.35m, 1m, 37.85m) } };
        await WriteAsync(h, command);

        OrderReconciliationResult result = await h.Reconciliation.ReconcileAsync(command, h.P21);

        Assert.Equal([new OrderDifference("7008", "platform total before tax", "37.85 − tax 2.35 = 35.50", "32.50 planned")], result.Differences);
    }

    [Fact]
    public async Task Reconcile_CancelledOnTheStorefrontAfterTheWrite_DiffersUntilP21CancelsItToo()
    {
        await using WriterHarness h = Harness();
        WriteCommand command = Order("7011");
        string orderNo = await WriteAsync(h, command);
        WriteCommand cancelled = command with
        {
            Payload = ((SalesOrderCreate)command.Payload) with { Standing = new OrderStanding("voided", PaymentState.Failed, Cancelled: true) },
        };

        OrderReconciliationResult open = await h.Reconciliation.ReconcileAsync(cancelled, h.P21);
        h.P21.Tables["oe_hdr"].Single(r => r["order_no"] == orderNo)["cancel_flag"] = "Y";
        OrderReconciliationResult both = await h.Reconciliation.ReconcileAsync(cancelled, h.P21);

        Assert.Equal(OrderReconciliationStatus.Differs, open.Status);
        Assert.Equal([new OrderDifference("7011", "order", "cancelled on the storefront (voided)", $"order {orderNo} is open in P21")], open.Differences);
        Assert.Equal((OrderReconciliationStatus.Cancelled, orderNo), (both.Status, both.P21OrderNo));
        Assert.Empty(both.Differences);
    }

    [Fact]
    public async Task Reconcile_Recent_KeepsOrdersSinceTheCutOffOnceEach()
    {
        await using WriterHarness h = Harness();
        DateTimeOffset since = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);
        WriteCommand old = Order("7009") with { ReceivedUtc = since.AddMinutes(-1) };
        WriteCommand first = Order("7010") with { ReceivedUtc = since.AddHours(1) };
        WriteCommand again = first with { ReceivedUtc = since.AddHours(2) };
        await WriteAsync(h, first);

        OrderReconciliationReport report = await h.Reconciliation.ReconcileAsync([again, first, old], since, h.P21);

        OrderReconciliationResult only = Assert.Single(report.Orders);
        Assert.Equal(("7010", since.AddHours(2), OrderReconciliationStatus.Match), (only.ExternalId, only.ReceivedUtc, only.Status));
        Assert.Equal(0, report.DifferenceCount);
    }
}
