using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Commands;
using P21.Connector.Storage;
using P21.Connector.Tests.Write;
using P21.Connector.Write;

namespace P21.IntegrationTests.Write;

/// <summary>PurchaseOrder.Create / PurchaseOrder.Update through the writer against the sandbox over loopback HTTP.</summary>
public sealed class PurchaseOrderWriteTests
{
    [Fact]
    public async Task Create_NewPurchaseOrder_CreatedWithReferenceAndLines_RedeliveryIsDuplicate()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync();
        WriteCommand command = Create(s, "PO-100", (s.Facts.Items[0], 5), (s.Facts.Items[1], 2));

        var committed = Assert.IsType<WriteOutcome.Committed>(await s.SendAsync(command));
        WriteOutcome again = await s.SendAsync(command, 2);

        Assert.Equal(committed.P21Key, Assert.IsType<WriteOutcome.Duplicate>(again).P21Key);
        Assert.Equal(1, await CountAsync(s, "PO-100"));
        P21Row header = await HeaderAsync(s, committed.P21Key);
        Assert.Equal((long)int.Parse(s.Facts.VendorId, System.Globalization.CultureInfo.InvariantCulture), header.GetInt64("vendor_id"));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero).Date, header.GetDateTimeOffset("expected_date").Date);
        Assert.Equal([(1L, s.Facts.Items[0], 5m), (2L, s.Facts.Items[1], 2m)], await LinesAsync(s, committed.P21Key));
    }

    [Fact]
    public async Task Create_CrashBetweenCreateAndLedgerCommit_RedeliveryFindsPurchaseOrderByReference()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync(ledger => new CrashOnceLedger(ledger));
        WriteCommand command = Create(s, "PO-200", (s.Facts.Items[0], 1));

        await Assert.ThrowsAsync<IOException>(() => s.SendAsync(command, 1));
        WriteOutcome outcome = await s.SendAsync(command, 2);

        Assert.IsType<WriteOutcome.Committed>(outcome);
        Assert.Equal(1, await CountAsync(s, "PO-200"));
    }

    [Fact]
    public async Task Create_VendorWithoutSupplier_ParkedNamingVendor()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync();
        WriteCommand command = WriteSandbox.Command(
            new PurchaseOrderCreate("PO-300", "999999", s.Facts.LocationId, null, [new PurchaseOrderLine(s.Facts.Items[0], 1, null, null)], null), "PO-300", "generic");

        var parked = Assert.IsType<WriteOutcome.Parked>(await s.SendAsync(command));

        Assert.Contains("vendor 999999 has no live supplier", parked.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(s, "PO-300"));
    }

    [Fact]
    public async Task Update_QuantityChangedAndLineAdded_UpsertedByLineNumber_SameUpdateTwiceIsNoChange()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync();
        var created = Assert.IsType<WriteOutcome.Committed>(await s.SendAsync(Create(s, "PO-400", (s.Facts.Items[0], 5), (s.Facts.Items[1], 2))));
        var update = new PurchaseOrderUpdate(
            "PO-400",
            new DateTimeOffset(2026, 12, 15, 12, 0, 0, TimeSpan.Zero),
            [new PurchaseOrderLine(s.Facts.Items[0], 8, null, null), new PurchaseOrderLine(s.Facts.Items[1], 2, null, null), new PurchaseOrderLine(s.Facts.Items[2], 4, null, null)],
            null);

        var updated = Assert.IsType<WriteOutcome.Committed>(await s.SendAsync(WriteSandbox.Command(update, "PO-400-u1", "generic")));
        var again = Assert.IsType<WriteOutcome.Committed>(await s.SendAsync(WriteSandbox.Command(update, "PO-400-u2", "generic")));

        Assert.Equal(created.P21Key, updated.P21Key);
        Assert.Equal(created.P21Key, again.P21Key);
        Assert.Equal([(1L, s.Facts.Items[0], 8m), (2L, s.Facts.Items[1], 2m), (3L, s.Facts.Items[2], 4m)], await LinesAsync(s, created.P21Key));
        Assert.Equal(new DateTime(2026, 12, 15), (await HeaderAsync(s, created.P21Key)).GetDateTimeOffset("expected_date").Date);
    }

    [Fact]
    public async Task Update_LineDropped_ParkedNamingTheLine()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync();
        var created = Assert.IsType<WriteOutcome.Committed>(await s.SendAsync(Create(s, "PO-500", (s.Facts.Items[0], 5), (s.Facts.Items[1], 2))));
        var update = new PurchaseOrderUpdate("PO-500", null, [new PurchaseOrderLine(s.Facts.Items[0], 5, null, null)], null);

        var parked = Assert.IsType<WriteOutcome.Parked>(await s.SendAsync(WriteSandbox.Command(update, "PO-500-u1", "generic")));

        Assert.Contains("line 2", parked.Reason, StringComparison.Ordinal);
        Assert.Equal(2, (await LinesAsync(s, created.P21Key)).Count);
    }

    [Fact]
    public async Task Update_UnknownReference_ParkedCreateFirst()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync();
        var update = new PurchaseOrderUpdate("PO-NOPE", null, [new PurchaseOrderLine(s.Facts.Items[0], 1, null, null)], null);

        var parked = Assert.IsType<WriteOutcome.Parked>(await s.SendAsync(WriteSandbox.Command(update, "PO-NOPE-u1", "generic")));

        Assert.Contains("no P21 purchase order carries reference PO-NOPE", parked.Reason, StringComparison.Ordinal);
    }

    private static WriteCommand Create(WriteSandbox s, string reference, params (string Sku, decimal Qty)[] lines) =>
        WriteSandbox.Command(
            new PurchaseOrderCreate(
                reference,
                s.Facts.VendorId,
                s.Facts.LocationId,
                new DateTimeOffset(2026, 12, 1, 15, 0, 0, TimeSpan.Zero),
                [.. lines.Select(l => new PurchaseOrderLine(l.Sku, l.Qty, null, null))],
                null),
            reference,
            "generic");

    private static Task<long> CountAsync(WriteSandbox s, string reference) =>
        s.Client.CountAsync("po_hdr", $"external_po_no eq {ODataLiterals.String(reference)}");

    private static async Task<P21Row> HeaderAsync(WriteSandbox s, string poNo)
    {
        await foreach (P21Row row in s.Client.QueryAsync(new ODataQuery("po_hdr", Filter: $"po_no eq {poNo}", OrderBy: ["po_no"])))
        {
            return row;
        }

        throw new InvalidOperationException($"PO {poNo} not found");
    }

    private static async Task<List<(long Line, string Item, decimal Qty)>> LinesAsync(WriteSandbox s, string poNo)
    {
        List<(long, string, decimal)> lines = [];
        await foreach (P21Row row in s.Client.QueryAsync(new ODataQuery("po_line", Filter: $"po_no eq {poNo}", OrderBy: ["line_no"])))
        {
            lines.Add((row.GetInt64("line_no"), row.GetString("item_id")!, row.GetDecimal("qty_ordered")));
        }

        return lines;
    }
}
