using P21.Connector.Client;
using P21.Connector.Commands;
using P21.Connector.Queues;
using P21.Connector.Storage;
using P21.Connector.Write;

namespace P21.Connector.Tests.Write;

public class CommandWriterTests
{
    [Fact]
    public async Task HandleAsync_NewOrder_CommitsVerifiedOrderAndAnnouncesIt()
    {
        await using var h = new WriterHarness();
        WriteCommand command = WriterHarness.Command(WriterHarness.Order("1001", ("widget-1", 2), ("BOLT-2", 1), ("WIDGET-1", 3)), "1001");

        WriteOutcome outcome = await h.SendAsync(command);

        Assert.True(outcome is WriteOutcome.Committed, outcome.ToString());
        var committed = (WriteOutcome.Committed)outcome;
        Assert.Equal(1, h.OrdersWithReference("1001"));
        var lines = h.P21.Rows("oe_line", r => r["order_no"] == committed.P21Key);
        Assert.Equal(["010", "020", "030"], lines.Select(l => l["user_line_no"]));
        Assert.Equal(["WIDGET-1", "BOLT-2", "WIDGET-1"], lines.Select(l => l["item_id"]));
        var header = h.P21.Rows("oe_hdr", r => r["order_no"] == committed.P21Key).Single();
        Assert.Equal("100", header["customer_id"]);
        Assert.Equal("ESTORE", header["taker"]);
        Assert.Equal("1001", header["po_no"]);
        LedgerEntry? entry = await h.Ledger.GetAsync("main", command.IdempotencyKey);
        Assert.Equal(LedgerState.Committed, entry!.State);
        Assert.Equal(committed.P21Key, entry.P21Key);
        var evt = Assert.Single(h.Sink.Events);
        Assert.Equal(WriteResultEvents.CommittedType, evt.Type);
        Assert.Equal(committed.P21Key, evt.Data.GetProperty("p21Key").GetString());
    }

    [Fact]
    public async Task HandleAsync_SameOrderTenTimesConcurrently_OneP21Order()
    {
        await using var h = new WriterHarness();
        h.P21.CreateDelay = TimeSpan.FromMilliseconds(50);
        WriteCommand command = WriterHarness.Command(WriterHarness.Order("2002", ("WIDGET-1", 1)), "2002");

        WriteOutcome[] outcomes = await Task.WhenAll(Enumerable.Range(1, 10).Select(i => Task.Run(() => h.SendAsync(command, i))));

        Assert.Equal(1, h.OrdersWithReference("2002"));
        Assert.Single(outcomes.OfType<WriteOutcome.Committed>());
        Assert.Equal(9, outcomes.OfType<WriteOutcome.Duplicate>().Count());
        Assert.Single(outcomes.Select(o => o is WriteOutcome.Committed c ? c.P21Key : ((WriteOutcome.Duplicate)o).P21Key).Distinct());
        Assert.Single(h.P21.Submitted);
    }

    [Fact]
    public async Task HandleAsync_KeyClaimedByLiveWorkerElsewhere_ThrowsBusyWithoutWriting()
    {
        await using var h = new WriterHarness(settings: v => v["Writer:BusyClaimWait"] = "00:00:00");
        WriteCommand command = WriterHarness.Command(WriterHarness.Order("2100", ("WIDGET-1", 1)), "2100");
        await h.Ledger.TryBeginAsync("main", command.IdempotencyKey, command.CommandId, command.Kind.Name);
        await h.Ledger.TryClaimAsync("main", command.IdempotencyKey, "other-host", TimeSpan.FromMinutes(1));

        var busy = await Assert.ThrowsAsync<WriteBusyException>(() => h.SendAsync(command));

        Assert.Equal(("other-host", command.IdempotencyKey), (busy.Owner, busy.IdempotencyKey));
        Assert.Empty(h.P21.Submitted);
        Assert.Equal("other-host", (await h.Ledger.GetAsync("main", command.IdempotencyKey))!.ClaimOwner);
    }

    [Fact]
    public async Task HandleAsync_ClaimHeldElsewhere_WaitsOnTheInjectedClockThenTakesOverWhenItLapses()
    {
        await using var h = new WriterHarness(settings: v => v["Writer:BusyClaimWait"] = "00:10:00");
        WriteCommand command = WriterHarness.Command(WriterHarness.Order("2150", ("WIDGET-1", 1)), "2150");
        await h.Ledger.TryBeginAsync("main", command.IdempotencyKey, command.CommandId, command.Kind.Name);
        await h.Ledger.TryClaimAsync("main", command.IdempotencyKey, "crashed-host", TimeSpan.FromMinutes(1));

        Task<WriteOutcome> send = Task.Run(() => h.SendAsync(command));
        // Every pause is on the fake clock: the delivery ends only because the clock moves past the lapsed claim.
        for (int step = 0; step < 100_000 && !send.IsCompleted; step++)
        {
            h.Time.Advance(TimeSpan.FromMilliseconds(2100));
            await Task.Yield();
        }

        WriteOutcome outcome = await send;
        Assert.IsType<WriteOutcome.Committed>(outcome);
        Assert.Equal(1, h.OrdersWithReference("2150"));
    }

    [Fact]
    public async Task HandleAsync_ClaimOfDeadWorkerLapsed_TakenOverCommittedAndReleased()
    {
        await using var h = new WriterHarness(settings: v => v["Writer:BusyClaimWait"] = "00:00:00");
        WriteCommand command = WriterHarness.Command(WriterHarness.Order("2200", ("WIDGET-1", 1)), "2200");
        await h.Ledger.TryBeginAsync("main", command.IdempotencyKey, command.CommandId, command.Kind.Name);
        await h.Ledger.TryClaimAsync("main", command.IdempotencyKey, "dead-host", TimeSpan.FromMinutes(1));
        h.Time.Advance(TimeSpan.FromMinutes(1));

        WriteOutcome outcome = await h.SendAsync(command, 2);

        Assert.IsType<WriteOutcome.Committed>(outcome);
        Assert.Equal(1, h.OrdersWithReference("2200"));
        LedgerEntry entry = (await h.Ledger.GetAsync("main", command.IdempotencyKey))!;
        Assert.Equal((LedgerState.Committed, (string?)null), (entry.State, entry.ClaimOwner));
    }

    [Fact]
    public async Task HandleAsync_QueueRedeliveriesWithTransientFaults_OneP21OrderAndEveryMessageCompleted()
    {
        await using var h = new WriterHarness();
        var queue = new InMemoryCommandQueue(h.Time, new CommandQueueOptions { MaxDeliveryCount = 50 });
        WriteCommand command = WriterHarness.Command(WriterHarness.Order("3003", ("WIDGET-1", 1)), "3003");
        string body = WriteCommandSerializer.Serialize(command);
        for (int i = 0; i < 10; i++)
        {
            // Distinct message ids: the queue's duplicate detection must not be what saves us here.
            await queue.EnqueueAsync($"{command.CommandId}-{i}", body);
        }

        var outcomes = new System.Collections.Concurrent.ConcurrentQueue<WriteOutcome>();
        var random = new Random(42);
        var gate = new Lock();
        h.P21.Fault = _ =>
        {
            lock (gate)
            {
                return random.NextDouble() < 0.15 ? new P21RequestFailedException("P21 answered 503", 503, isTransient: true) : null;
            }
        };

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            while (queue.ActiveMessageCount > 0)
            {
                if (await queue.ReceiveAsync() is not { } message)
                {
                    await Task.Delay(1); // another worker holds the rest; it may abandon one
                    continue;
                }

                try
                {
                    outcomes.Enqueue(await h.Writer.HandleAsync(message.Body, message.MessageId, message.DeliveryCount, CancellationToken.None));
                    await queue.CompleteAsync(message);
                }
                catch (P21RequestFailedException)
                {
                    await queue.AbandonAsync(message);
                }
            }
        })));

        Assert.True(h.OrdersWithReference("3003") == 1, string.Join(", ", outcomes) + " dead: " + string.Join(",", queue.DeadLetters.Select(d => d.DeadLetterReason)));
        Assert.Single(outcomes.OfType<WriteOutcome.Committed>());
        Assert.Equal(9, outcomes.OfType<WriteOutcome.Duplicate>().Count());
        Assert.Equal(0, queue.ActiveMessageCount);
        Assert.Empty(queue.DeadLetters);
    }

    [Fact]
    public async Task HandleAsync_CrashAfterCreateBeforeLedgerCommit_RedeliveryCommitsExistingOrder()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var h = new WriterHarness(new CrashOnceLedger(new InMemoryIdempotencyLedger(time)));
        WriteCommand command = WriterHarness.Command(WriterHarness.Order("4004", ("WIDGET-1", 1)), "4004");

        await Assert.ThrowsAsync<IOException>(() => h.SendAsync(command, 1));
        string created = h.P21.Rows("oe_hdr", r => r["web_reference_no"] == "4004").Single()["order_no"]!;
        WriteOutcome outcome = await h.SendAsync(command, 2);

        Assert.Equal(new WriteOutcome.Committed(created), outcome);
        Assert.Equal(1, h.OrdersWithReference("4004"));
        Assert.Single(h.P21.Submitted);
        Assert.Equal(created, (await h.Ledger.GetAsync("main", command.IdempotencyKey))!.P21Key);
    }

    [Fact]
    public async Task HandleAsync_UnknownSku_ParkedWithReason_ThenMappingAndReplay_CreatedOnce()
    {
        await using var h = new WriterHarness();
        WriteCommand command = WriterHarness.Command(WriterHarness.Order("5005", ("WIDGET-1", 1), ("GADGET-9", 2)), "5005");

        WriteOutcome first = await h.SendAsync(command);

        var parked = Assert.IsType<WriteOutcome.Parked>(first);
        Assert.StartsWith("unknown SKU GADGET-9 (line 2)", parked.Reason, StringComparison.Ordinal);
        Assert.Empty(h.P21.Submitted);
        string id = ParkedRecord.IdFor(command.IdempotencyKey);
        ParkedRecord? record = await h.ParkedRecords.ShowAsync("main", id);
        Assert.Equal(WriteCommandSerializer.Serialize(command), record!.Payload);
        Assert.Equal(LedgerState.Parked, (await h.Ledger.GetAsync("main", command.IdempotencyKey))!.State);
        Assert.Contains(h.Sink.Events, e => e.Type == WriteResultEvents.ParkedType && e.Data.GetProperty("parkedRecordId").GetString() == id);

        // A redelivery of the parked command stays parked and does not call P21.
        Assert.IsType<WriteOutcome.Parked>(await h.SendAsync(command, 2));
        Assert.Empty(h.P21.Submitted);

        await h.Mappings.SetAsync("main", "shopify", MappingKind.Sku, "gadget-9", "BOLT-2");
        var replay = await h.ParkedRecords.ReplayAsync("main", id);
        var again = await h.ParkedRecords.ReplayAsync("main", id);

        Assert.True(replay.Succeeded);
        Assert.Equal(ParkedStatus.Replayed, replay.Record!.Status);
        Assert.Equal(1, h.OrdersWithReference("5005"));
        Assert.NotNull(again.Error);
        Assert.Single(h.P21.Submitted);
        Assert.Equal(LedgerState.Committed, (await h.Ledger.GetAsync("main", command.IdempotencyKey))!.State);
    }

    [Fact]
    public async Task HandleAsync_P21ValidationFailure_ParkedWithP21MessageVerbatim()
    {
        await using var h = new WriterHarness();
        h.P21.Intercept = r => r.Name == "Order" ? FakeP21Client.Failed("Jurisdiction ID for Order Header Tax is required") : null;
        WriteCommand command = WriterHarness.Command(WriterHarness.Order("6006", ("WIDGET-1", 1)), "6006");

        WriteOutcome outcome = await h.SendAsync(command);

        var parked = Assert.IsType<WriteOutcome.Parked>(outcome);
        Assert.Contains("Transaction 1:: Jurisdiction ID for Order Header Tax is required", parked.Reason, StringComparison.Ordinal);
        ParkedRecord? record = await h.Parked.GetAsync("main", ParkedRecord.IdFor(command.IdempotencyKey));
        Assert.Equal(parked.Reason, record!.Reason);
        Assert.Equal(0, h.OrdersWithReference("6006"));
    }

    [Fact]
    public async Task HandleAsync_TransientP21Failure_ThrowsAndLaterDeliveryCommits()
    {
        await using var h = new WriterHarness();
        h.P21.Fault = call => call == "transaction" ? new P21RequestFailedException("P21 answered 503", 503, isTransient: true) : null;
        WriteCommand command = WriterHarness.Command(WriterHarness.Order("7007", ("WIDGET-1", 1)), "7007");

        await Assert.ThrowsAsync<P21RequestFailedException>(() => h.SendAsync(command, 1));
        Assert.Equal(LedgerState.Pending, (await h.Ledger.GetAsync("main", command.IdempotencyKey))!.State);
        h.P21.Fault = null;
        WriteOutcome outcome = await h.SendAsync(command, 2);

        Assert.IsType<WriteOutcome.Committed>(outcome);
        Assert.Equal(1, h.OrdersWithReference("7007"));
    }

    [Fact]
    public async Task HandleAsync_PermanentHttpFailure_Parked()
    {
        await using var h = new WriterHarness();
        h.P21.Fault = call => call == "transaction" ? new P21RequestFailedException("bad request", 400, isTransient: false, p21Message: "Invalid field") : null;
        WriteCommand command = WriterHarness.Command(WriterHarness.Order("7008", ("WIDGET-1", 1)), "7008");

        var parked = Assert.IsType<WriteOutcome.Parked>(await h.SendAsync(command));

        Assert.Equal("P21 answered 400: Invalid field", parked.Reason);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"schema\":\"p21.write/1\",\"connection\":\"main\"}")]
    [InlineData("{\"schema\":\"p21.write/99\"}")]
    public async Task HandleAsync_UnreadableBody_ParkedNeverThrows(string body)
    {
        await using var h = new WriterHarness();

        WriteOutcome outcome = await h.Writer.HandleAsync(body, "msg-1", 1, CancellationToken.None);

        Assert.Equal(new WriteOutcome.Parked("unreadable command"), outcome);
        string connection = body.Contains("\"main\"", StringComparison.Ordinal) ? "main" : CommandWriter.UnreadableConnection;
        ParkedRecord? record = await h.Parked.GetAsync(connection, ParkedRecord.IdFor("unreadable:msg-1"));
        Assert.Equal(body, record!.Payload);
        Assert.Empty(h.P21.Submitted);
    }

    [Fact]
    public async Task HandleAsync_UnknownConnection_Parked()
    {
        await using var h = new WriterHarness();
        WriteCommand command = WriteCommand.Create("shopify", "8008", "elsewhere", DateTimeOffset.UnixEpoch, WriterHarness.Order("8008", ("WIDGET-1", 1)));

        var parked = Assert.IsType<WriteOutcome.Parked>(await h.SendAsync(command));

        Assert.Contains("elsewhere", parked.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_NewBuyer_CreatesWebCustomerOnceAndRemembersIt()
    {
        await using var h = new WriterHarness();
        SalesOrderCreate order = WriterHarness.Order("9009", ("WIDGET-1", 1)) with
        {
            Customer = new OrderCustomer("new@example.com", "New Buyer", "555-0199", "cust-9", ""),
        };
        SalesOrderCreate second = order with { ExternalOrderId = "9010" };

        await h.SendAsync(WriterHarness.Command(order, "9009"));
        await h.SendAsync(WriterHarness.Command(second, "9010"));

        Assert.Single(h.P21.Submitted, r => r.Name == "Customer");
        string customerId = h.P21.Rows("oe_hdr", r => r["web_reference_no"] == "9009").Single()["customer_id"]!;
        Assert.Equal(customerId, h.P21.Rows("oe_hdr", r => r["web_reference_no"] == "9010").Single()["customer_id"]);
        Assert.Equal(customerId, await h.Mappings.GetAsync("main", "shopify", MappingKind.Customer, "cust-9"));
    }

    [Fact]
    public async Task Discard_ParkedRecord_MarkedDiscardedAndNotReplayable()
    {
        await using var h = new WriterHarness();
        WriteCommand command = WriterHarness.Command(WriterHarness.Order("9100", ("NOPE", 1)), "9100");
        await h.SendAsync(command);
        string id = ParkedRecord.IdFor(command.IdempotencyKey);

        ParkedRecord? discarded = await h.ParkedRecords.DiscardAsync("main", id, "test order");
        var replay = await h.ParkedRecords.ReplayAsync("main", id);

        Assert.Equal(ParkedStatus.Discarded, discarded!.Status);
        Assert.Null(replay.Outcome);
        Assert.Empty(h.P21.Submitted);
    }

    [Fact]
    public async Task Fix_PayloadWithMappedSku_ReplaySucceeds()
    {
        await using var h = new WriterHarness();
        WriteCommand command = WriterHarness.Command(WriterHarness.Order("9200", ("TYPO-1", 1)), "9200");
        await h.SendAsync(command);
        string id = ParkedRecord.IdFor(command.IdempotencyKey);
        WriteCommand fixedCommand = command with { Payload = WriterHarness.Order("9200", ("WIDGET-1", 1)) };

        await Assert.ThrowsAsync<ArgumentException>(() => h.ParkedRecords.FixAsync("main", id, "{broken"));
        await h.ParkedRecords.FixAsync("main", id, WriteCommandSerializer.Serialize(fixedCommand));
        var replay = await h.ParkedRecords.ReplayAsync("main", id);

        Assert.True(replay.Succeeded);
        Assert.Equal(1, h.OrdersWithReference("9200"));
    }
}
