using System.Net.Http.Json;

using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Commands;
using P21.Connector.Queues;
using P21.Connector.Storage;
using P21.Connector.Tests.Write;
using P21.Connector.Write;

namespace P21.IntegrationTests.Write;

public class SandboxWriteTests
{
    [Fact]
    public async Task SalesOrderCreate_HappyPath_OrderWithOurLinesInP21()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync();
        WriteCommand command = WriteSandbox.Command(s.Order("W-100", (s.Facts.Items[0], 2), (s.Facts.Items[1], 1), (s.Facts.Items[0], 3)), "W-100");

        WriteOutcome outcome = await s.SendAsync(command);

        Assert.True(outcome is WriteOutcome.Committed, outcome.ToString());
        string orderNo = ((WriteOutcome.Committed)outcome).P21Key;
        Assert.Equal(1, await s.CountOrdersAsync("W-100"));
        List<P21Row> lines = [];
        await foreach (P21Row row in s.Client.QueryAsync(new ODataQuery("oe_line", Filter: $"order_no eq '{orderNo}'", OrderBy: ["line_no"])))
        {
            lines.Add(row);
        }

        Assert.Equal([10L, 20L, 30L], lines.Select(l => l.GetInt64("user_line_no")));
        Assert.Equal([2m, 1m, 3m], lines.Select(l => l.GetDecimal("unit_quantity")));
    }

    [Fact]
    public async Task SalesOrderCreate_EmailAndSkuInAnotherCase_WrittenForTheP21CustomerAndItem()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync();
        long customers = await s.Client.CountAsync("customer", null);
        SalesOrderCreate order = s.Order("W-160", (s.Facts.Items[0].ToLowerInvariant(), 1)) is var o
            ? o with { Customer = o.Customer with { Email = s.Facts.CustomerEmail.ToUpperInvariant(), PlatformCustomerId = null } }
            : throw new InvalidOperationException();

        WriteOutcome outcome = await s.SendAsync(WriteSandbox.Command(order, "W-160"));

        // P21's collation ignores case: the buyer is the customer whose address has that e-mail, not a new one.
        Assert.True(outcome is WriteOutcome.Committed, outcome.ToString());
        string orderNo = ((WriteOutcome.Committed)outcome).P21Key;
        Assert.Equal(customers, await s.Client.CountAsync("customer", null));
        P21Row header = await SingleAsync(s.Client.QueryAsync(new ODataQuery("oe_hdr", Filter: $"order_no eq '{orderNo}'", Select: ["customer_id"], OrderBy: ["order_no"])));
        Assert.Equal(s.Facts.CustomerId, header.GetInt64("customer_id").ToString(System.Globalization.CultureInfo.InvariantCulture));
        P21Row line = await SingleAsync(s.Client.QueryAsync(new ODataQuery("oe_line", Filter: $"order_no eq '{orderNo}'", Select: ["item_id"], OrderBy: ["line_no"])));
        Assert.Equal(s.Facts.Items[0], line.GetString("item_id"));
    }

    [Fact]
    public async Task SalesOrderCreate_KeepsTheOrderLink_PlatformLineIdsByP21LineNumber_AlsoWhenARedeliveryFindsTheOrder()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync(ledger => new CrashOnceLedger(ledger));
        SalesOrderCreate order = s.Order("W-150", (s.Facts.Items[0], 2), (s.Facts.Items[1], 1)) is var o
            ? o with { Lines = [o.Lines[0] with { PlatformLineId = "466157049" }, o.Lines[1] with { PlatformLineId = "518995019" }] }
            : throw new InvalidOperationException();
        WriteCommand command = WriteSandbox.Command(order, "W-150");

        // The first delivery creates the order and crashes before the ledger commit.
        await Assert.ThrowsAsync<IOException>(() => s.SendAsync(command, 1));
        string orderNo = "";
        await foreach (P21Row row in s.Client.QueryAsync(new ODataQuery("oe_hdr", Filter: "web_reference_no eq 'W-150'", Select: ["order_no"], OrderBy: ["order_no"])))
        {
            orderNo = row.GetString("order_no")!;
        }

        OrderLink? link = OrderLink.Parse(await s.Mappings.GetAsync("main", "shopify", MappingKind.OrderLink, orderNo));
        List<long> lineNumbers = [];
        await foreach (P21Row row in s.Client.QueryAsync(new ODataQuery("oe_line", Filter: $"order_no eq '{orderNo}'", OrderBy: ["line_no"])))
        {
            lineNumbers.Add(row.GetInt64("line_no"));
        }

        Assert.NotNull(link);
        Assert.Equal("W-150", link.OrderId);
        Assert.Equal([((int)lineNumbers[0], "466157049"), ((int)lineNumbers[1], "518995019")], link.Lines.Select(l => (l.Line, l.Id)));

        // Had the link been lost with the crash, the redelivery that finds the order writes it again.
        await s.Mappings.DeleteAsync("main", "shopify", MappingKind.OrderLink, orderNo);
        Assert.IsType<WriteOutcome.Committed>(await s.SendAsync(command, 2));
        Assert.Equal(link.ToJson(), OrderLink.Parse(await s.Mappings.GetAsync("main", "shopify", MappingKind.OrderLink, orderNo))?.ToJson());
    }

    [Fact]
    public async Task SalesOrderCreate_TenDeliveriesConcurrentAndRedelivered_ExactlyOneP21Order()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync();
        var queue = new InMemoryCommandQueue(TimeProvider.System, new CommandQueueOptions { MaxDeliveryCount = 20 });
        WriteCommand command = WriteSandbox.Command(s.Order("W-200", (s.Facts.Items[0], 1)), "W-200");
        string body = WriteCommandSerializer.Serialize(command);
        for (int i = 0; i < 10; i++)
        {
            await queue.EnqueueAsync($"{command.CommandId}-{i}", body);
        }

        await DrainAsync(s, queue, workers: 4);

        Assert.Equal(1, await s.CountOrdersAsync("W-200"));
        Assert.Empty(queue.DeadLetters);
    }

    [Fact]
    public async Task SalesOrderCreate_CrashBetweenCreateAndLedgerCommit_RedeliveryCommitsExistingOrder()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync(ledger => new CrashOnceLedger(ledger));
        WriteCommand command = WriteSandbox.Command(s.Order("W-300", (s.Facts.Items[0], 1)), "W-300");

        await Assert.ThrowsAsync<IOException>(() => s.SendAsync(command, 1));
        Assert.Equal(1, await s.CountOrdersAsync("W-300"));
        WriteOutcome outcome = await s.SendAsync(command, 2);

        Assert.IsType<WriteOutcome.Committed>(outcome);
        Assert.Equal(1, await s.CountOrdersAsync("W-300"));
        Assert.Equal(LedgerState.Committed, (await s.Ledger.GetAsync("main", command.IdempotencyKey))!.State);
    }

    [Fact]
    public async Task SalesOrderCreate_CrashThenRedeliveryWithTheIdInAnotherCase_FindsTheOrderNotASecond()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync(ledger => new CrashOnceLedger(ledger));
        WriteCommand first = WriteSandbox.Command(s.Order("w-310", (s.Facts.Items[0], 1)), "w-310");
        WriteCommand again = WriteSandbox.Command(s.Order("W-310", (s.Facts.Items[0], 1)), "W-310");
        Assert.Equal(first.IdempotencyKey, again.IdempotencyKey); // external ids are one order whatever their case

        await Assert.ThrowsAsync<IOException>(() => s.SendAsync(first, 1));
        WriteOutcome outcome = await s.SendAsync(again, 2);

        // Only P21's case-insensitive web_reference_no lookup closes the crash window for the other spelling.
        Assert.IsType<WriteOutcome.Committed>(outcome);
        Assert.Equal(1, await s.Client.CountAsync("oe_hdr", "web_reference_no eq 'w-310' or web_reference_no eq 'W-310'"));
    }

    [Fact]
    public async Task SalesOrderCreate_UnknownSku_ParkedThenMappedAndReplayed_CreatedOnce()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync();
        WriteCommand command = WriteSandbox.Command(s.Order("W-400", (s.Facts.Items[0], 1), ("NO-SUCH-SKU", 1)), "W-400");

        var parked = Assert.IsType<WriteOutcome.Parked>(await s.SendAsync(command));
        Assert.StartsWith("unknown SKU NO-SUCH-SKU (line 2)", parked.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await s.CountOrdersAsync("W-400"));

        await s.Mappings.SetAsync("main", "shopify", MappingKind.Sku, "no-such-sku", s.Facts.Items[1]);
        var replay = await s.ParkedRecords.ReplayAsync("main", ParkedRecord.IdFor(command.IdempotencyKey));
        WriteOutcome redelivered = await s.SendAsync(command, 2);

        Assert.True(replay.Succeeded, replay.Outcome?.ToString() ?? replay.Error);
        Assert.IsType<WriteOutcome.Duplicate>(redelivered);
        Assert.Equal(1, await s.CountOrdersAsync("W-400"));
    }

    [Fact]
    public async Task SalesOrderCreate_P21ValidationFailure_ParkedWithP21MessageVerbatim()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync(settings: v => v["Writer:DefaultSalesLocationId"] = "987654");
        WriteCommand command = WriteSandbox.Command(s.Order("W-500", (s.Facts.Items[0], 1)), "W-500");

        var parked = Assert.IsType<WriteOutcome.Parked>(await s.SendAsync(command));

        Assert.StartsWith("P21 rejected the Order transaction: Transaction 1:: ", parked.Reason, StringComparison.Ordinal);
        Assert.Contains("987654", parked.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await s.CountOrdersAsync("W-500"));
    }

    [Fact]
    public async Task SalesOrderCreate_FaultsOnWithRedelivery_SameEndStateAsFaultsOff()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync();
        s.Connection.Host.Faults.Seed = 7;
        s.Connection.Host.Faults.ErrorRate = 0.2;
        s.Connection.Host.Faults.Status429Rate = 0.1;
        s.Connection.Host.Faults.RetryAfterSeconds = 0;
        var queue = new InMemoryCommandQueue(TimeProvider.System, new CommandQueueOptions { MaxDeliveryCount = 50 });
        List<WriteCommand> commands = [.. Enumerable.Range(1, 5).Select(i => WriteSandbox.Command(s.Order($"W-6{i:00}", (s.Facts.Items[i % 3], i)), $"W-6{i:00}"))];
        foreach (WriteCommand command in commands)
        {
            await queue.EnqueueAsync(command.CommandId, WriteCommandSerializer.Serialize(command));
            await queue.EnqueueAsync(command.CommandId + "-again", WriteCommandSerializer.Serialize(command));
        }

        using (var http = new HttpClient { BaseAddress = s.Connection.Host.BaseAddress })
        {
            await http.PostAsJsonAsync("/_sandbox/tokens/revoke", new { userName = s.Connection.Options.UserName });
        }

        await DrainAsync(s, queue, workers: 2);
        s.Connection.Host.Faults.Reset();

        Assert.Empty(queue.DeadLetters);
        foreach (WriteCommand command in commands)
        {
            Assert.Equal(1, await s.CountOrdersAsync(command.ExternalId));
            Assert.Equal(LedgerState.Committed, (await s.Ledger.GetAsync("main", command.IdempotencyKey))!.State);
        }
    }

    [Fact]
    public async Task CustomerUpsert_NewCustomer_CreatedOnceThenUpdated()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync();
        var upsert = new CustomerUpsert("web-77", "Ada Lovelace", "ada@example.com", "555-0177", "Analytical Engines",
            new PostalAddress("Ada", "Analytical Engines", "12 Engine St", "", "", "London", "LN", "12345", "GB", "555-0177", "ada@example.com"), []);

        WriteOutcome created = await s.SendAsync(WriteSandbox.Command(upsert, "web-77"));
        WriteOutcome updated = await s.SendAsync(WriteSandbox.Command(upsert with { Phone = "555-0178" }, "web-77-v2"));

        Assert.True(created is WriteOutcome.Committed, created.ToString());
        var committed = (WriteOutcome.Committed)created;
        Assert.Equal(committed, updated);
        Assert.Equal(1, await s.Client.CountAsync("customer", $"customer_id eq {committed.P21Key}"));
    }

    [Fact]
    public async Task ShipmentConfirm_PickedOrder_TrackingStoredOnTicket()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync();
        var order = (WriteOutcome.Committed)await s.SendAsync(WriteSandbox.Command(s.Order("W-800", (s.Facts.Items[0], 1)), "W-800"));
        using (var http = new HttpClient { BaseAddress = s.Connection.Host.BaseAddress })
        {
            (await http.PostAsync($"/_sandbox/orders/{order.P21Key}/pick", null)).EnsureSuccessStatusCode();
        }

        WriteOutcome outcome = await s.SendAsync(WriteSandbox.Command(new ShipmentConfirm("W-800", null, "ups", "1Z-TEST-800", null), "W-800-ship"));

        var committed = Assert.IsType<WriteOutcome.Committed>(outcome);
        await foreach (P21Row ticket in s.Client.QueryAsync(new ODataQuery("oe_pick_ticket", Filter: $"pick_ticket_no eq {committed.P21Key}", OrderBy: ["pick_ticket_no"])))
        {
            Assert.Equal("1Z-TEST-800", ticket.GetString("tracking_no"));
        }
    }

    [Fact]
    public async Task JournalEntryPost_Settlement_OneBalancedJournalInP21()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync();
        await s.Mappings.SetAsync("main", "amazon", MappingKind.GlAccount, MappingKey.ForGlAccount("Order", "ItemPrice", "Principal"), "4000-00");
        await s.Mappings.SetAsync("main", "amazon", MappingKind.GlAccount, MappingKey.ForGlAccount("Order", "ItemFees", "Commission"), "6100-00");
        SettlementLine[] lines = [.. Enumerable.Range(0, 200).Select(i => i % 2 == 0
            ? new SettlementLine(i + 2, "Order", "ItemPrice", "Principal", 20m, $"o{i}", "sku", "2026-03-01")
            : new SettlementLine(i + 2, "Order", "ItemFees", "Commission", -3m, $"o{i}", "sku", "2026-03-01"))];
        var entry = new JournalEntryPost("SET-9", DateTimeOffset.UtcNow, "USD", lines.Sum(l => l.Amount), lines, DateTimeOffset.UtcNow.AddDays(-14), DateTimeOffset.UtcNow.AddDays(-1));

        WriteOutcome first = await s.SendAsync(WriteSandbox.Command(entry, "SET-9", "amazon"));
        WriteOutcome again = await s.SendAsync(WriteSandbox.Command(entry, "SET-9", "amazon") with { CommandId = "x" }, 2);

        var committed = Assert.IsType<WriteOutcome.Committed>(first);
        Assert.IsType<WriteOutcome.Duplicate>(again);
        IReadOnlyList<GlLine> stored = await s.Client.GetJournalAsync(committed.P21Key);
        Assert.Equal(3, stored.Count);
        Assert.Equal(0m, stored.Sum(l => l.Amount));

        // P21's convention, a positive amount is a debit: the deposit debited with +total (100 × 20 − 100 × 3 = 1700),
        // the principal credited, the commission debited to expense.
        Assert.Equal(1700m, stored.Single(l => l.AccountNumber == "1000-00").Amount);
        Assert.Equal(-2000m, stored.Single(l => l.AccountNumber == "4000-00").Amount);
        Assert.Equal(300m, stored.Single(l => l.AccountNumber == "6100-00").Amount);
    }

    private static async Task<P21Row> SingleAsync(IAsyncEnumerable<P21Row> rows)
    {
        List<P21Row> all = [];
        await foreach (P21Row row in rows)
        {
            all.Add(row);
        }

        return Assert.Single(all);
    }

    private static async Task DrainAsync(WriteSandbox s, InMemoryCommandQueue queue, int workers)
    {
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            while (queue.ActiveMessageCount > 0)
            {
                if (await queue.ReceiveAsync() is not { } message)
                {
                    await Task.Delay(5);
                    continue;
                }

                try
                {
                    await s.Writer.HandleAsync(message.Body, message.MessageId, message.DeliveryCount, CancellationToken.None);
                    await queue.CompleteAsync(message);
                }
                catch (Exception ex) when (ex is P21RequestFailedException or HttpRequestException or TimeoutException or TaskCanceledException)
                {
                    await queue.AbandonAsync(message);
                }
            }
        })));
    }
}
