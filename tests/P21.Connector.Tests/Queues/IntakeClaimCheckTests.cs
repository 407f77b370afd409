using P21.Connector.Commands;
using P21.Connector.Intake;
using P21.Connector.Queues;
using P21.Connector.Storage;
using P21.Connector.Tests.Intake;

namespace P21.Connector.Tests.Queues;

public class IntakeClaimCheckTests
{
    [Fact]
    public async Task AcceptAsync_CommandAboveThreshold_EnqueuesPointerToStoredBody()
    {
        var bodies = new InMemoryCommandBodyStore();
        var claimCheck = new CommandClaimCheck(bodies, 256);
        using var fx = new IntakeFixture(claimCheck: claimCheck);

        var accepted = Assert.IsType<IntakeResult.Accepted>(await fx.SendAsync(fx.Generic("settlements", Samples.Bytes("generic-settlement.json"))));

        (string messageId, string message) = Assert.Single(fx.Queue.Messages);
        CommandBodyPointer pointer = CommandBodyPointer.TryRead(message)!;
        Assert.Equal((accepted.CommandId, "acme"), (pointer.CommandId, pointer.Connection));
        Assert.Equal(accepted.CommandId, messageId);
        WriteCommand command = WriteCommandSerializer.Deserialize((await claimCheck.ResolveAsync(message)).Body!);
        Assert.IsType<JournalEntryPost>(command.Payload);
    }

    [Fact]
    public async Task AcceptAsync_BodyStoreDown_503AndNothingEnqueued()
    {
        using var fx = new IntakeFixture(claimCheck: new CommandClaimCheck(new FailingBodyStore(), 256));

        var rejected = Assert.IsType<IntakeResult.Rejected>(await fx.SendAsync(fx.Generic("settlements", Samples.Bytes("generic-settlement.json"))));

        Assert.Equal(503, rejected.StatusCode);
        Assert.Empty(fx.Queue.Messages);
    }

    private sealed class FailingBodyStore : ICommandBodyStore
    {
        public Task PutAsync(string connection, string commandId, string body, CancellationToken cancellationToken = default) =>
            throw new IOException("table storage unavailable");

        public Task<string?> GetAsync(string connection, string commandId, CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);

        public Task DeleteAsync(string connection, string commandId, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
