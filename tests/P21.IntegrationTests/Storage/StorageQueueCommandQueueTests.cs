using Azure.Storage.Queues;

using P21.Connector.Queues;

namespace P21.IntegrationTests.Storage;

public sealed class StorageQueueCommandQueueTests : IAsyncLifetime
{
    private readonly QueueClient _queue;
    private readonly QueueClient _poison;

    public StorageQueueCommandQueueTests()
    {
        string connectionString = Environment.GetEnvironmentVariable("P21_TEST_STORAGE") is { Length: > 0 } configured ? configured : "UseDevelopmentStorage=true";
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        string name = "q" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..16];
        _queue = new QueueClient(connectionString, name, options);
        _poison = new QueueClient(connectionString, name + "-poison", options);
    }

    private StorageQueueCommandQueue CreateSut(int maxDeliveryCount = 3) =>
        new(_queue, _poison, new CommandQueueOptions { MaxDeliveryCount = maxDeliveryCount, LockDuration = TimeSpan.FromSeconds(30) });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _queue.DeleteIfExistsAsync();
        await _poison.DeleteIfExistsAsync();
    }

    [Fact]
    public async Task Enqueue_Receive_Complete_RoundTripsIdAndBody()
    {
        var sut = CreateSut();
        await sut.EnqueueAsync("cmd-1", "{\"order\":\"<&>\"}");

        var message = await sut.ReceiveAsync();
        await sut.CompleteAsync(message!);

        Assert.Equal(("cmd-1", "{\"order\":\"<&>\"}", 1), (message!.MessageId, message.Body, message.DeliveryCount));
        Assert.Null(await sut.ReceiveAsync());
        await Assert.ThrowsAsync<MessageLockLostException>(() => sut.CompleteAsync(message));
    }

    [Fact]
    public async Task Abandon_PastMaxDeliveryCount_MovesToPoisonQueue()
    {
        var sut = CreateSut(maxDeliveryCount: 2);
        await sut.EnqueueAsync("cmd-2", "{}");

        var first = await sut.ReceiveAsync();
        await sut.AbandonAsync(first!);
        var second = await sut.ReceiveAsync();
        await sut.AbandonAsync(second!);

        Assert.Equal(2, second!.DeliveryCount);
        Assert.Null(await sut.ReceiveAsync());
        var dead = Assert.Single(await sut.PeekDeadLettersAsync());
        Assert.Equal(("cmd-2", InMemoryCommandQueue.MaxDeliveryCountExceeded), (dead.MessageId, dead.DeadLetterReason));
    }

    [Fact]
    public async Task Receive_ForeignMessage_IsDeadLettered()
    {
        var sut = CreateSut();
        await _queue.CreateIfNotExistsAsync();
        await _queue.SendMessageAsync("not an envelope");
        await sut.EnqueueAsync("cmd-3", "{}");

        var message = await sut.ReceiveAsync();

        Assert.Equal("cmd-3", message!.MessageId);
        Assert.Contains(await sut.PeekDeadLettersAsync(), dead => dead.Body == "not an envelope");
    }

    [Fact]
    public async Task Enqueue_TooLarge_SaysToUseServiceBus()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => CreateSut().EnqueueAsync("cmd-4", new string('x', 60_000)));
        Assert.Contains("Service Bus", error.Message, StringComparison.Ordinal);
    }
}
