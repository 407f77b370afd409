using P21.Connector.Commands;
using P21.Connector.Storage;
using P21.Connector.Tests.Write;
using P21.Connector.Write;

namespace P21.Connector.Tests.Write;

/// <summary>A replay that fails again leaves the operator one record, with the failure they have to fix now.</summary>
public sealed class ParkedReplayTests
{
    [Fact]
    public async Task Replay_FailsAgainForAnotherReason_SameRecordShowsTheNewReasonAndDetails()
    {
        await using var h = new WriterHarness();
        WriteCommand command = WriterHarness.Command(WriterHarness.Order("5105", ("GADGET-9", 2)), "5105");
        await h.SendAsync(command);
        string id = ParkedRecord.IdFor(command.IdempotencyKey);
        ParkedRecord before = (await h.Parked.GetAsync("main", id))!;
        h.Time.Advance(TimeSpan.FromMinutes(5));
        // The "fix" maps the SKU to an item P21 does not have: P21 refuses the line this time.
        await h.Mappings.SetAsync("main", "shopify", MappingKind.Sku, "gadget-9", "NOT-AN-ITEM");

        var replay = await h.ParkedRecords.ReplayAsync("main", id);
        ParkedRecord after = (await h.Parked.GetAsync("main", id))!;

        Assert.StartsWith("unknown SKU GADGET-9", before.Reason, StringComparison.Ordinal);
        var parked = Assert.IsType<WriteOutcome.Parked>(replay.Outcome);
        Assert.Equal("P21 rejected the Order transaction: Transaction 1:: Item ID NOT-AN-ITEM is not valid", parked.Reason);
        Assert.Equal(parked.Reason, after.Reason);
        Assert.Equal(parked.Reason, replay.Record!.Reason);
        Assert.Equal("Transaction 1:: Item ID NOT-AN-ITEM is not valid", after.Details);
        Assert.Equal((before.Id, before.Payload, before.FirstSeenUtc), (after.Id, after.Payload, after.FirstSeenUtc));
        Assert.Equal((ParkedStatus.Parked, 2, h.Time.GetUtcNow()), (after.Status, after.Attempts, after.LastSeenUtc));
        Assert.Equal(parked.Reason, (await h.Ledger.GetAsync("main", command.IdempotencyKey))!.ParkedReason);
    }

    [Fact]
    public async Task Replay_FixedUnreadableMessageFailsAgain_UpdatesThatRecordInsteadOfParkingASecondOne()
    {
        await using var h = new WriterHarness();
        await h.Writer.HandleAsync("{\"schema\":\"p21.write/1\",\"connection\":\"main\"}", "msg-7", 1, CancellationToken.None);
        string id = ParkedRecord.IdFor("unreadable:msg-7");
        string fixedPayload = WriteCommandSerializer.Serialize(WriterHarness.Command(WriterHarness.Order("5106", ("GADGET-9", 2)), "5106"));
        await h.ParkedRecords.FixAsync("main", id, fixedPayload);

        var first = await h.ParkedRecords.ReplayAsync("main", id);
        ParkedRecord afterFirst = (await h.Parked.GetAsync("main", id))!;

        Assert.StartsWith("unknown SKU GADGET-9 (line 1)", Assert.IsType<WriteOutcome.Parked>(first.Outcome).Reason, StringComparison.Ordinal);
        Assert.StartsWith("unknown SKU GADGET-9 (line 1)", afterFirst.Reason, StringComparison.Ordinal);
        Assert.Equal("unknown SKU GADGET-9 (line 1)", afterFirst.Details);
        Assert.Equal((id, fixedPayload, "unreadable:msg-7", 2), (afterFirst.Id, afterFirst.Payload, afterFirst.IdempotencyKey, afterFirst.Attempts));
        Assert.Equal(WriteCommandKind.Of<SalesOrderCreate>().Name, afterFirst.Kind);
        Assert.Equal([id], await IdsAsync(h));

        // A second replay writes again (an earlier failed replay's Parked ledger entry does not answer for it).
        await h.Mappings.SetAsync("main", "shopify", MappingKind.Sku, "gadget-9", "NOT-AN-ITEM");
        var second = await h.ParkedRecords.ReplayAsync("main", id);
        ParkedRecord afterSecond = (await h.Parked.GetAsync("main", id))!;

        Assert.Contains("Item ID NOT-AN-ITEM is not valid", Assert.IsType<WriteOutcome.Parked>(second.Outcome).Reason, StringComparison.Ordinal);
        Assert.Contains("Item ID NOT-AN-ITEM is not valid", afterSecond.Reason, StringComparison.Ordinal);
        Assert.Equal((fixedPayload, 3), (afterSecond.Payload, afterSecond.Attempts));
        Assert.Equal([id], await IdsAsync(h));

        await h.Mappings.SetAsync("main", "shopify", MappingKind.Sku, "gadget-9", "BOLT-2");
        var third = await h.ParkedRecords.ReplayAsync("main", id);

        Assert.True(third.Succeeded);
        Assert.Equal(ParkedStatus.Replayed, third.Record!.Status);
        Assert.Equal(1, h.OrdersWithReference("5106"));
    }

    private static async Task<List<string>> IdsAsync(WriterHarness h)
    {
        List<string> ids = [];
        await foreach (ParkedRecord record in h.Parked.ListAsync("main"))
        {
            ids.Add(record.Id);
        }

        return ids;
    }
}
