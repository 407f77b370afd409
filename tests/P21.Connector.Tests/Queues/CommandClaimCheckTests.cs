using P21.Connector.Commands;
using P21.Connector.Queues;
using P21.Connector.Storage;
using P21.Connector.Tests.Write;
using P21.Connector.Write;

namespace P21.Connector.Tests.Queues;

public class CommandClaimCheckTests
{
    private static readonly DateTimeOffset Received = new(2026, 3, 10, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ToMessage_SmallCommand_TravelsInline()
    {
        var bodies = new InMemoryCommandBodyStore();
        WriteCommand command = WriterHarness.Command(WriterHarness.Order("1", ("WIDGET-1", 1)), "1");
        string body = WriteCommandSerializer.Serialize(command);

        string message = await new CommandClaimCheck(bodies, 64 * 1024).ToMessageAsync(command, body);

        Assert.Same(body, message);
        Assert.Null(await bodies.GetAsync("main", command.CommandId));
    }

    [Fact]
    public async Task ToMessage_LargeSettlement_StoredAndPointerResolvesToIt()
    {
        var bodies = new InMemoryCommandBodyStore();
        var claimCheck = new CommandClaimCheck(bodies);
        WriteCommand command = WriteCommand.Create("amazon", "S-10K", "main", Received, Settlement(10_000));
        string body = WriteCommandSerializer.Serialize(command);

        string message = await claimCheck.ToMessageAsync(command, body);
        ResolvedCommandBody resolved = await claimCheck.ResolveAsync(message);

        Assert.True(body.Length > CommandClaimCheck.DefaultThresholdBytes, $"the settlement is only {body.Length} chars");
        Assert.True(message.Length < 512, message);
        Assert.Equal(new CommandBodyPointer("p21.write-ref/1", command.CommandId, "main"), CommandBodyPointer.TryRead(message));
        Assert.Equal(body, resolved.Body);
        Assert.Equal(command.CommandId, resolved.Pointer!.CommandId);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"schema\":\"p21.write-ref/1\",\"commandId\":\"\",\"connection\":\"main\"}")]
    [InlineData("{\"schema\":\"p21.write/1\",\"commandId\":\"x\",\"connection\":\"main\"}")]
    public void TryRead_NotAPointer_Null(string message) => Assert.Null(CommandBodyPointer.TryRead(message));

    [Fact]
    public async Task Writer_PointerMessage_ResolvedAndCommitted()
    {
        await using var h = new WriterHarness();
        WriteCommand command = WriterHarness.Command(WriterHarness.Order("3001", [.. Enumerable.Range(0, 12).Select(i => ("WIDGET-1", (decimal)(i + 1)))]), "3001");
        string body = WriteCommandSerializer.Serialize(command);
        string message = await new CommandClaimCheck(h.Bodies, 1024).ToMessageAsync(command, body);

        WriteOutcome outcome = await h.Writer.HandleAsync(message, command.CommandId, 1, CancellationToken.None);

        Assert.NotEqual(body, message);
        Assert.IsType<WriteOutcome.Committed>(outcome);
        Assert.Equal(1, h.OrdersWithReference("3001"));
    }

    [Fact]
    public async Task Writer_PointerWhoseBodyIsGone_ParkedCommandBodyMissing()
    {
        await using var h = new WriterHarness();
        string message = new CommandBodyPointer(CommandBodyPointer.CurrentSchema, "abc123", "main").ToJson();

        WriteOutcome outcome = await h.Writer.HandleAsync(message, "abc123", 1, CancellationToken.None);

        Assert.Equal("command body missing", Assert.IsType<WriteOutcome.Parked>(outcome).Reason);
        ParkedRecord record = (await h.Parked.GetAsync("main", ParkedRecord.IdFor("body:abc123")))!;
        Assert.Equal(message, record.Payload);
        Assert.Contains("CommandBodies table has no body", record.Details, StringComparison.Ordinal);
        Assert.Empty(h.P21.Submitted);
    }

    internal static JournalEntryPost Settlement(int lines) =>
        new("S-10K", Received, "USD", 0m,
            [.. Enumerable.Range(0, lines).Select(i => new SettlementLine(i + 2, "Order", "ItemPrice", "Principal", 12.34m, $"111-{i:D7}-0000000", $"SKU-{i % 50}", "2026-03-01"))]);
}
