using P21.Connector.Commands;
using P21.Connector.Storage;
using P21.Connector.Write;
using P21.IntegrationTests.Storage;

namespace P21.IntegrationTests.Write;

/// <summary>The writer over the Table ledger, parked and mapping stores (Azurite) and the sandbox over loopback HTTP.</summary>
public sealed class AzuriteWriterTests : IAsyncLifetime
{
    private readonly AzuriteStorage _storage = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _storage.DisposeAsync().AsTask();

    [Fact]
    public async Task SalesOrderCreate_TwoHostsDeliveredConcurrently_ExactlyOneP21Order()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync(storage: _storage);
        // Latency widens the window between the external-reference lookup and the create, where two hosts would both create.
        s.Connection.Host.Faults.LatencyMs = 40;
        CommandWriter hostA = s.Writer, hostB = s.NewHost();
        WriteCommand command = WriteSandbox.Command(s.Order("AZ-100", (s.Facts.Items[0], 2)), "AZ-100");
        string body = WriteCommandSerializer.Serialize(command);

        Task<WriteOutcome>[] deliveries =
        [
            .. Enumerable.Range(0, 6).Select(i => Task.Run(() => (i % 2 == 0 ? hostA : hostB).HandleAsync(body, command.CommandId, 1, CancellationToken.None))),
        ];
        WriteOutcome[] outcomes = await Task.WhenAll(deliveries);
        s.Connection.Host.Faults.Reset();

        Assert.Equal(1, await s.CountOrdersAsync("AZ-100"));
        var committed = Assert.Single(outcomes.OfType<WriteOutcome.Committed>());
        Assert.All(outcomes.Where(o => o is not WriteOutcome.Committed), o => Assert.Equal(committed.P21Key, Assert.IsType<WriteOutcome.Duplicate>(o).P21Key));
        LedgerEntry entry = (await _storage.Get<IIdempotencyLedger>().GetAsync("main", command.IdempotencyKey))!;
        Assert.Equal((LedgerState.Committed, committed.P21Key), (entry.State, entry.P21Key));
        Assert.Null(entry.ClaimOwner);
    }

    [Fact]
    public async Task SalesOrderCreate_ClaimHeldByLiveHost_OtherHostGivesDeliveryBack()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync(storage: _storage, settings: v => v["Writer:BusyClaimWait"] = "00:00:00");
        WriteCommand command = WriteSandbox.Command(s.Order("AZ-150", (s.Facts.Items[0], 1)), "AZ-150");
        IIdempotencyLedger ledger = _storage.Get<IIdempotencyLedger>();
        await ledger.TryBeginAsync("main", command.IdempotencyKey, command.CommandId, command.Kind.Name);
        Assert.NotNull(await ledger.TryClaimAsync("main", command.IdempotencyKey, "other-host", TimeSpan.FromMinutes(5)));

        var busy = await Assert.ThrowsAsync<WriteBusyException>(() => s.SendAsync(command));

        Assert.Equal("other-host", busy.Owner);
        Assert.Equal(0, await s.CountOrdersAsync("AZ-150"));
        await ledger.ReleaseClaimAsync("main", command.IdempotencyKey, "other-host");
        Assert.IsType<WriteOutcome.Committed>(await s.SendAsync(command, 2));
        Assert.Equal(1, await s.CountOrdersAsync("AZ-150"));
    }

    [Fact]
    public async Task SalesOrderCreate_TableStores_ParkedMappedReplayedCommittedOnce()
    {
        await using WriteSandbox s = await WriteSandbox.StartAsync(storage: _storage);
        WriteCommand command = WriteSandbox.Command(s.Order("AZ-200", (s.Facts.Items[0], 1), ("NO-SUCH-SKU", 3)), "AZ-200");

        var parked = Assert.IsType<WriteOutcome.Parked>(await s.SendAsync(command));
        string id = ParkedRecord.IdFor(command.IdempotencyKey);
        ParkedRecord stored = (await _storage.Get<IParkedRecordStore>().GetAsync("main", id))!;
        Assert.StartsWith("unknown SKU NO-SUCH-SKU (line 2)", parked.Reason, StringComparison.Ordinal);
        Assert.Equal(WriteCommandSerializer.Serialize(command), stored.Payload);
        Assert.Equal(LedgerState.Parked, (await _storage.Get<IIdempotencyLedger>().GetAsync("main", command.IdempotencyKey))!.State);

        await _storage.Get<IMappingStore>().SetAsync("main", "shopify", MappingKind.Sku, "no-such-sku", s.Facts.Items[1]);
        var replay = await s.ParkedRecords.ReplayAsync("main", id);
        WriteOutcome redelivered = await s.SendAsync(command, 2);

        Assert.True(replay.Succeeded, replay.Outcome?.ToString() ?? replay.Error);
        Assert.Equal(ParkedStatus.Replayed, replay.Record!.Status);
        Assert.IsType<WriteOutcome.Duplicate>(redelivered);
        Assert.Equal(1, await s.CountOrdersAsync("AZ-200"));
        LedgerEntry entry = (await _storage.Get<IIdempotencyLedger>().GetAsync("main", command.IdempotencyKey))!;
        Assert.Equal(LedgerState.Committed, entry.State);
        Assert.Null(entry.ClaimOwner);
    }
}
