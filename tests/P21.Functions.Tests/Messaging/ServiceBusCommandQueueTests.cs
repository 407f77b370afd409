using Azure.Messaging.ServiceBus;

using P21.Functions.Messaging;
using P21.Functions.Tests.Hosting;

namespace P21.Functions.Tests.Messaging;

/// <summary>The command queue against the real SDK's message type, with a recording sender.</summary>
public sealed class ServiceBusCommandQueueTests
{
    private const string Body = """{"kind":"SalesOrder.Create","source":"shopify","id":"cmd-1"}""";

    [Fact]
    public async Task Constructor_AnyClient_SendsToTheWritesQueue()
    {
        var client = new FakeServiceBusClient(new RecordingSender());

        _ = new ServiceBusCommandQueue(client);

        Assert.Equal([ServiceBusMessagingOptions.WritesQueue], client.Senders);
        Assert.Equal("p21-writes", ServiceBusMessagingOptions.WritesQueue);
        await client.DisposeAsync();
    }

    [Fact]
    public async Task EnqueueAsync_Command_OneMessageWhoseIdIsTheCommandIdForDuplicateDetection()
    {
        var sender = new RecordingSender();

        await Queue(sender).EnqueueAsync("cmd-7f3a", Body);

        var message = Assert.Single(sender.SentMessages);
        Assert.Equal("cmd-7f3a", message.MessageId);
        Assert.Empty(sender.SentBatches);
    }

    [Fact]
    public async Task EnqueueAsync_Command_SubjectContentTypeAndUtf8BodyAndNoSessionOrPartitionKey()
    {
        var sender = new RecordingSender();

        await Queue(sender).EnqueueAsync("cmd-7f3a", Body);

        var message = Assert.Single(sender.SentMessages);
        Assert.Equal(OutgoingMessage.WriteCommandSubject, message.Subject);
        Assert.Equal("application/json", message.ContentType);
        Assert.Equal(Body, message.Body.ToString());
        // p21-writes is neither session-enabled nor partitioned (infra-bicep).
        Assert.Null(message.SessionId);
        Assert.Null(message.PartitionKey);
        Assert.Empty(message.ApplicationProperties);
        Assert.Equal(default, message.ScheduledEnqueueTime);
    }

    [Fact]
    public async Task EnqueueAsync_SendFails_PropagatesTheServiceBusException()
    {
        var sender = new RecordingSender { Fail = _ => new ServiceBusException("gone", ServiceBusFailureReason.MessagingEntityNotFound) };

        var ex = await Assert.ThrowsAsync<ServiceBusException>(() => Queue(sender).EnqueueAsync("cmd-1", Body));

        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, ex.Reason);
        Assert.Empty(sender.SentMessages);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task EnqueueAsync_BlankCommandId_ThrowsBeforeSending(string id)
    {
        var sender = new RecordingSender();

        await Assert.ThrowsAsync<ArgumentException>(() => Queue(sender).EnqueueAsync(id, Body));

        Assert.Empty(sender.SentMessages);
    }

    [Fact]
    public async Task EnqueueAsync_CancellationToken_ReachesTheSender()
    {
        var sender = new RecordingSender();
        using var cts = new CancellationTokenSource();

        await Queue(sender).EnqueueAsync("cmd-1", Body, cts.Token);

        Assert.Equal(cts.Token, Assert.Single(sender.Tokens));
    }

    private static ServiceBusCommandQueue Queue(RecordingSender sender) => new(new FakeServiceBusClient(sender));
}
