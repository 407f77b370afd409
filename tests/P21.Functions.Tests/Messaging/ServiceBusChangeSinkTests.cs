using System.Text.Json;

using Azure.Messaging.ServiceBus;

using Microsoft.Extensions.Options;

using P21.Connector.Events;
using P21.Functions.Messaging;
using P21.Functions.Tests.Hosting;

namespace P21.Functions.Tests.Messaging;

/// <summary>The change sink against the real SDK's messages and batches, with a recording sender.</summary>
public sealed class ServiceBusChangeSinkTests
{
    [Fact]
    public async Task Constructor_ChangesTopicSetting_SendsToThatTopic()
    {
        var client = new FakeServiceBusClient(new RecordingSender());

        _ = Sink(client, "p21-changes-eu");

        Assert.Equal(["p21-changes-eu"], client.Senders);
        await client.DisposeAsync();
    }

    [Fact]
    public async Task PublishAsync_EventsThatFit_OneBatchInOrderWithTheEventIdsAsMessageIds()
    {
        var sender = new RecordingSender();
        var events = Events(3);

        await Sink(sender).PublishAsync(events);

        var batch = Assert.Single(sender.SentBatches);
        Assert.Equal(events.Select(e => e.Id), batch.Select(m => m.MessageId));
    }

    [Fact]
    public async Task PublishAsync_AnyEvent_MessageCarriesTheCloudEventSubjectAndContentTypeAndNoSessionOrPartitionKey()
    {
        var sender = new RecordingSender();
        var changeEvent = Events(1)[0];

        await Sink(sender).PublishAsync([changeEvent]);

        var message = Assert.Single(Assert.Single(sender.SentBatches));
        Assert.Equal(changeEvent.Id, message.MessageId);
        Assert.Equal(changeEvent.Type, message.Subject);
        Assert.Equal(CloudEventJson.MediaType, message.ContentType);
        Assert.Equal(CloudEventJson.SerializeToUtf8Bytes(changeEvent), message.Body.ToArray());
        Assert.Equal(changeEvent, CloudEventJson.Deserialize(message.Body.ToArray()), ChangeEventComparer.Instance);
        // The topic is neither session-enabled nor partitioned (infra-bicep): setting either would be a deliberate change.
        Assert.Null(message.SessionId);
        Assert.Null(message.PartitionKey);
        Assert.Null(message.ReplyToSessionId);
        Assert.Empty(message.ApplicationProperties);
        Assert.Equal(TimeSpan.MaxValue, message.TimeToLive);
    }

    [Fact]
    public async Task PublishAsync_MoreThanOneBatchHolds_SplitsAtTheSizeLimitKeepingOrderAndEveryEventOnce()
    {
        var events = Events(7);
        var size = RecordingSender.Size(OutgoingMessage.ForChange(events[0]).ToServiceBusMessage());
        var sender = new RecordingSender(maxBatchBytes: (size * 3) + (size / 2));

        await Sink(sender).PublishAsync(events);

        Assert.Equal([3, 3, 1], sender.SentBatches.Select(b => b.Count));
        Assert.All(sender.SentBatches, b => Assert.True(b.Sum(RecordingSender.Size) <= (size * 3) + (size / 2)));
        Assert.Equal(events.Select(e => e.Id), sender.SentBatches.SelectMany(b => b).Select(m => m.MessageId));
        Assert.Equal(3, sender.BatchesCreated);
    }

    [Fact]
    public async Task PublishAsync_BatchExactlyFull_StartsTheNextBatchWithTheEventThatDidNotFit()
    {
        var events = Events(4);
        var size = RecordingSender.Size(OutgoingMessage.ForChange(events[0]).ToServiceBusMessage());
        var sender = new RecordingSender(maxBatchBytes: size * 2);

        await Sink(sender).PublishAsync(events);

        Assert.Equal([2, 2], sender.SentBatches.Select(b => b.Count));
        Assert.Equal(events.Select(e => e.Id), sender.SentBatches.SelectMany(b => b).Select(m => m.MessageId));
    }

    [Fact]
    public async Task PublishAsync_NoEvents_CreatesNoBatchAndSendsNothing()
    {
        var sender = new RecordingSender();

        await Sink(sender).PublishAsync([]);

        Assert.Equal(0, sender.BatchesCreated);
        Assert.Empty(sender.SentBatches);
    }

    [Fact]
    public async Task PublishAsync_EventLargerThanAMessage_ThrowsNamingTheEventAndTheLimitAfterSendingThoseBeforeIt()
    {
        var small = Events(2);
        var huge = Event("customers/huge", new string('x', 4096));
        var sender = new RecordingSender(maxBatchBytes: 2048);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Sink(sender).PublishAsync([.. small, huge]));

        Assert.Contains(huge.Id, ex.Message, StringComparison.Ordinal);
        Assert.Contains("(2048 bytes)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Premium", ex.Message, StringComparison.Ordinal);
        // The caller re-publishes the whole list; duplicate detection drops the ones already sent.
        Assert.Equal(small.Select(e => e.Id), Assert.Single(sender.SentBatches).Select(m => m.MessageId));
    }

    [Fact]
    public async Task PublishAsync_FirstEventLargerThanAMessage_ThrowsWithoutSending()
    {
        var sender = new RecordingSender(maxBatchBytes: 1024);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Sink(sender).PublishAsync([Event("customers/huge", new string('x', 4096))]));

        Assert.Empty(sender.SentBatches);
    }

    [Fact]
    public async Task PublishAsync_SecondSendFails_PropagatesAndARetrySendsTheSameMessageIds()
    {
        var events = Events(4);
        var size = RecordingSender.Size(OutgoingMessage.ForChange(events[0]).ToServiceBusMessage());
        var failing = new RecordingSender(maxBatchBytes: size * 2)
        {
            Fail = n => n == 2 ? new ServiceBusException("busy", ServiceBusFailureReason.ServiceBusy) : null,
        };

        var ex = await Assert.ThrowsAsync<ServiceBusException>(() => Sink(failing).PublishAsync(events));
        var retry = new RecordingSender(maxBatchBytes: size * 2);
        await Sink(retry).PublishAsync(events);

        Assert.Equal(ServiceBusFailureReason.ServiceBusy, ex.Reason);
        Assert.Equal(events.Take(2).Select(e => e.Id), Assert.Single(failing.SentBatches).Select(m => m.MessageId));
        Assert.Equal(events.Select(e => e.Id), retry.SentBatches.SelectMany(b => b).Select(m => m.MessageId));
    }

    [Fact]
    public async Task PublishAsync_CancellationToken_ReachesEveryBatchAndSend()
    {
        var events = Events(3);
        var size = RecordingSender.Size(OutgoingMessage.ForChange(events[0]).ToServiceBusMessage());
        var sender = new RecordingSender(maxBatchBytes: size);
        using var cts = new CancellationTokenSource();

        await Sink(sender).PublishAsync(events, cts.Token);

        Assert.Equal(6, sender.Tokens.Count);
        Assert.All(sender.Tokens, t => Assert.Equal(cts.Token, t));
    }

    private static ServiceBusChangeSink Sink(RecordingSender sender) => Sink(new FakeServiceBusClient(sender), "p21-changes");

    private static ServiceBusChangeSink Sink(FakeServiceBusClient client, string topic) =>
        new(client, Options.Create(new ServiceBusMessagingOptions { ChangesTopic = topic }));

    private static List<ChangeEvent> Events(int count) =>
        [.. Enumerable.Range(1, count).Select(i => Event($"customers/{100 + i}", $"Customer {i:D3}"))];

    private static ChangeEvent Event(string subject, string name) => new(
        ChangeEventFactory.EventId("p21://main/customers", subject, "v1"),
        "p21://main/customers",
        "p21.customer.changed",
        subject,
        new DateTimeOffset(2026, 3, 10, 15, 0, 0, TimeSpan.Zero),
        JsonSerializer.SerializeToElement(new { name }));

    private sealed class ChangeEventComparer : IEqualityComparer<ChangeEvent>
    {
        public static readonly ChangeEventComparer Instance = new();

        public bool Equals(ChangeEvent? x, ChangeEvent? y) =>
            x is not null && y is not null && x.Id == y.Id && x.Source == y.Source && x.Type == y.Type && x.Subject == y.Subject && x.Time == y.Time
            && x.Data.GetRawText() == y.Data.GetRawText();

        public int GetHashCode(ChangeEvent obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }
}
