using Azure.Messaging.ServiceBus;

namespace P21.Functions.Tests.Hosting;

/// <summary>
/// Stand-ins built through the SDK's protected "for mocking" constructors, so a composition test can resolve the
/// Service Bus edges without a namespace. They only record which entities were asked for; nothing is sent.
/// </summary>
internal sealed class FakeServiceBusClient : ServiceBusClient
{
    public List<string> Senders { get; } = [];

    public override ServiceBusSender CreateSender(string queueOrTopicName)
    {
        Senders.Add(queueOrTopicName);
        return new FakeSender();
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class FakeSender : ServiceBusSender
    {
        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
