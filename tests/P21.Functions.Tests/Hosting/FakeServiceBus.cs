using Azure.Messaging.ServiceBus;

namespace P21.Functions.Tests.Hosting;

/// <summary>
/// A client built through the SDK's protected "for mocking" constructor, so tests can resolve the Service Bus edges
/// without a namespace. It records which entities were asked for and hands out <paramref name="sender"/> (or a sender
/// that sends nothing).
/// </summary>
internal sealed class FakeServiceBusClient(ServiceBusSender? sender = null) : ServiceBusClient
{
    public List<string> Senders { get; } = [];

    public override ServiceBusSender CreateSender(string queueOrTopicName)
    {
        Senders.Add(queueOrTopicName);
        return sender ?? new FakeSender();
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class FakeSender : ServiceBusSender
    {
        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
