using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Commands;
using P21.Connector.Queues;
using P21.Connector.Storage;
using P21.Connector.Write;

namespace P21.Connector.Tests.Write;

/// <summary>The writer's envelope, dispatch and outcome stages, each alone (the claim stage: CommandClaimsTests).</summary>
public sealed class CommandStagesTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 3, 10, 15, 0, 0, TimeSpan.Zero));
    private static readonly WriteCommand Command = WriterHarness.Command(new SalesOrderCancel("3001", "cancelled"), "3001");

    private readonly InMemoryParkedRecordStore _parked = new(Time);

    private CommandEnvelope Envelope(CommandClaimCheck? claimCheck = null) => new(_parked, NullLogger<CommandWriter>.Instance, claimCheck);

    [Fact]
    public async Task Envelope_ACommand_IsReadWithItsBody()
    {
        string body = WriteCommandSerializer.Serialize(Command);

        CommandRead read = await Envelope().ReadAsync(body, Command.CommandId, CancellationToken.None);

        Assert.Equal(new CommandRead.Read(Command, body), read);
        Assert.Empty(_parked.ListAsync("main").ToBlockingEnumerable());
    }

    [Fact]
    public async Task Envelope_APointer_IsResolvedThroughTheClaimCheck()
    {
        var claimCheck = new CommandClaimCheck(new InMemoryCommandBodyStore(), thresholdBytes: 16);
        string body = WriteCommandSerializer.Serialize(Command);
        string message = await claimCheck.ToMessageAsync(Command, body);
        Assert.NotNull(CommandBodyPointer.TryRead(message));

        CommandRead read = await Envelope(claimCheck).ReadAsync(message, Command.CommandId, CancellationToken.None);

        Assert.Equal(body, Assert.IsType<CommandRead.Read>(read).Body);
    }

    [Fact]
    public async Task Envelope_APointerWithoutAClaimCheck_IsParkedAsMissingBodyNamingTheFix()
    {
        string message = new CommandBodyPointer(CommandBodyPointer.CurrentSchema, Command.CommandId, "main").ToJson();

        CommandRead read = await Envelope().ReadAsync(message, Command.CommandId, CancellationToken.None);

        Assert.Equal(new WriteOutcome.Parked("command body missing"), Assert.IsType<CommandRead.Unreadable>(read).Outcome);
        ParkedRecord record = Assert.Single(_parked.ListAsync("main").ToBlockingEnumerable());
        Assert.Contains("AddP21Storage", (await _parked.GetAsync("main", record.Id))!.Details, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"connection\":\"west\",\"schema\":\"p21.write/1\"}", "west")]
    [InlineData("not json", CommandEnvelope.UnreadableConnection)]
    [InlineData("{\"connection\":\"  \"}", CommandEnvelope.UnreadableConnection)]
    public async Task Envelope_Unreadable_IsParkedWhereItsConnectionSays(string body, string connection)
    {
        CommandRead read = await Envelope().ReadAsync(body, "msg-1", CancellationToken.None);

        Assert.IsType<CommandRead.Unreadable>(read);
        ParkedRecord record = Assert.Single(_parked.ListAsync(connection).ToBlockingEnumerable());
        Assert.Equal(("unreadable", ParkedRecord.IdFor("unreadable:msg-1")), (record.Kind, record.Id));
        Assert.Equal(body, (await _parked.GetAsync(connection, record.Id))!.Payload);
    }

    public static TheoryData<string, string?> Refusals() => new()
    {
        { "rejected", "no such customer" },
        { "transaction", "P21 rejected the Order transaction: Customer is on credit hold" },
        { "400", "P21 answered 400: bad field" },
        { "connection", "no P21 connection 'west' is configured" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Dispatch_PermanentFailures_AreRefusalsWithTheReason(string failure, string? reason)
    {
        var (dispatch, _) = Dispatch(failure);
        WriteCommand command = failure == "connection" ? Command with { Connection = "west" } : Command;

        DispatchResult result = await dispatch.RunAsync(command, 1, isReplay: false, CancellationToken.None);

        Assert.Equal(reason, Assert.IsType<DispatchResult.Refused>(result).Reason);
    }

    [Theory]
    [InlineData("503")]
    [InlineData("429")]
    [InlineData("401")]
    public async Task Dispatch_TransientFailures_Throw(string failure)
    {
        var (dispatch, _) = Dispatch(failure);

        await Assert.ThrowsAnyAsync<P21RequestFailedException>(() => dispatch.RunAsync(Command, 1, isReplay: false, CancellationToken.None));
    }

    [Fact]
    public async Task Dispatch_Written_CarriesKeyNoticesAndTheDeliveryItWasGiven()
    {
        var (dispatch, handler) = Dispatch(null);

        DispatchResult result = await dispatch.RunAsync(Command, 3, isReplay: true, CancellationToken.None);

        var written = Assert.IsType<DispatchResult.Written>(result);
        Assert.Equal(("1000123", "noted"), (written.P21Key, Assert.Single(written.Notices)));
        Assert.Equal((3, true), (handler.Context!.DeliveryCount, handler.Context.IsReplay));
    }

    [Fact]
    public async Task Dispatch_AKindWithoutHandler_IsRefusedNamingTheKind()
    {
        using ServiceProvider services = new ServiceCollection().BuildServiceProvider();
        var dispatch = new CommandDispatch(services, new WriterHarness.SingleClient(new FakeP21Client()));

        DispatchResult result = await dispatch.RunAsync(Command, 1, isReplay: false, CancellationToken.None);

        Assert.Equal("no handler is registered for SalesOrder.Cancel", Assert.IsType<DispatchResult.Refused>(result).Reason);
    }

    [Fact]
    public async Task Outcomes_Written_CommitsTheLedgerThenAnnounces()
    {
        var (outcomes, ledger, sink) = Outcomes();
        await ledger.TryBeginAsync("main", Command.IdempotencyKey, Command.CommandId, Command.Kind.Name);

        WriteOutcome outcome = await outcomes.RecordAsync(Command, "{}", new DispatchResult.Written("1000123", []), 1, null, CancellationToken.None);

        Assert.Equal(new WriteOutcome.Committed("1000123", null), outcome);
        LedgerEntry entry = (await ledger.GetAsync("main", Command.IdempotencyKey))!;
        Assert.Equal((LedgerState.Committed, "1000123"), (entry.State, entry.P21Key));
        Assert.Equal("p21.write.committed", Assert.Single(sink.Events).Type);
    }

    [Fact]
    public async Task Outcomes_Refused_ParksWithBodyMarksTheLedgerAndAnnounces()
    {
        var (outcomes, ledger, sink) = Outcomes();
        await ledger.TryBeginAsync("main", Command.IdempotencyKey, Command.CommandId, Command.Kind.Name);

        WriteOutcome outcome = await outcomes.RecordAsync(Command, "{\"body\":1}", new DispatchResult.Refused("no such order", "3001"), 1, null, CancellationToken.None);

        Assert.Equal(new WriteOutcome.Parked("no such order"), outcome);
        Assert.Equal(LedgerState.Parked, (await ledger.GetAsync("main", Command.IdempotencyKey))!.State);
        ParkedRecord record = (await _parked.GetAsync("main", ParkedRecord.IdFor(Command.IdempotencyKey)))!;
        Assert.Equal(("no such order", "3001", "{\"body\":1}", "SalesOrder.Cancel"), (record.Reason, record.Details, record.Payload, record.Kind));
        Assert.Equal("p21.write.parked", Assert.Single(sink.Events).Type);
    }

    [Fact]
    public async Task Outcomes_RefusedOnReplay_WritesBackToTheReplayedRecord()
    {
        var (outcomes, ledger, _) = Outcomes();
        await ledger.TryBeginAsync("main", Command.IdempotencyKey, Command.CommandId, Command.Kind.Name);

        await outcomes.RecordAsync(Command, "{}", new DispatchResult.Refused("still wrong", null), 1, new ParkedRecordKey("unreadable", "unreadable:msg-7"), CancellationToken.None);

        Assert.Equal("still wrong", (await _parked.GetAsync("unreadable", ParkedRecord.IdFor("unreadable:msg-7")))!.Reason);
        Assert.Null(await _parked.GetAsync("main", ParkedRecord.IdFor(Command.IdempotencyKey)));
    }

    [Fact]
    public async Task Outcomes_Duplicate_IsAnnouncedAgainWithTheSameEventId()
    {
        var (outcomes, _, sink) = Outcomes();

        await outcomes.AnnounceDuplicateAsync(Command, "1000123", 2, CancellationToken.None);
        await outcomes.AnnounceDuplicateAsync(Command, "1000123", 3, CancellationToken.None);

        Assert.Equal(2, sink.Events.Count);
        Assert.Single(sink.Events.Select(e => e.Id).Distinct());
    }

    private static (CommandDispatch Dispatch, ScriptedHandler Handler) Dispatch(string? failure)
    {
        var handler = new ScriptedHandler(failure);
        ServiceProvider services = new ServiceCollection().AddKeyedSingleton<IWriteHandler>(WriteCommandKind.Of<SalesOrderCancel>(), handler).BuildServiceProvider();
        return (new CommandDispatch(services, new WriterHarness.SingleClient(new FakeP21Client())), handler);
    }

    private (CommandOutcomes Outcomes, InMemoryIdempotencyLedger Ledger, RecordingSink Sink) Outcomes()
    {
        var ledger = new InMemoryIdempotencyLedger(Time);
        var sink = new RecordingSink();
        IOptionsMonitor<WriterOptions> options = new ServiceCollection().AddOptions()
            .Configure<WriterOptions>(new ConfigurationBuilder().Build()).BuildServiceProvider().GetRequiredService<IOptionsMonitor<WriterOptions>>();
        return (new CommandOutcomes(ledger, _parked, sink, options, Time, NullLogger<CommandWriter>.Instance), ledger, sink);
    }

    private sealed class ScriptedHandler(string? failure) : WriteHandler<SalesOrderCancel>
    {
        public WriteContext? Context { get; private set; }

        protected override Task<string> HandleAsync(SalesOrderCancel payload, WriteContext context, CancellationToken cancellationToken)
        {
            Context = context;
            context.Notices.Add("noted");
            return failure switch
            {
                null => Task.FromResult("1000123"),
                "rejected" => throw new WriteRejectedException("no such customer"),
                "transaction" => throw new P21TransactionRejectedException("Order", new TransactionResult(["Customer is on credit hold"], null, null)),
                "400" => throw new P21RequestFailedException("bad", 400, isTransient: false, p21Message: "bad field"),
                "401" => throw new P21AuthenticationException("token refused"),
                _ => throw new P21RequestFailedException("busy", int.Parse(failure, System.Globalization.CultureInfo.InvariantCulture), isTransient: true),
            };
        }
    }
}
