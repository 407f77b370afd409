using Microsoft.Extensions.Time.Testing;

using P21.Connector.Queues;

namespace P21.Connector.Tests.Queues;

public class InMemoryCommandQueueTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    private InMemoryCommandQueue CreateSut(int maxDeliveryCount = 3) =>
        new(_time, new CommandQueueOptions { MaxDeliveryCount = maxDeliveryCount, LockDuration = TimeSpan.FromMinutes(1), DuplicateDetectionWindow = TimeSpan.FromMinutes(10) });

    [Fact]
    public async Task Receive_Empty_ReturnsNull() => Assert.Null(await CreateSut().ReceiveAsync());

    [Fact]
    public async Task Receive_ThenComplete_RemovesMessage()
    {
        var sut = CreateSut();
        await sut.EnqueueAsync("cmd-1", "{}");

        var message = await sut.ReceiveAsync();
        await sut.CompleteAsync(message!);

        Assert.Equal(("cmd-1", "{}", 1), (message!.MessageId, message.Body, message.DeliveryCount));
        Assert.Equal(0, sut.ActiveMessageCount);
        Assert.Null(await sut.ReceiveAsync());
    }

    [Fact]
    public async Task Receive_Locked_IsInvisibleToOtherReceivers()
    {
        var sut = CreateSut();
        await sut.EnqueueAsync("cmd-1", "{}");

        Assert.NotNull(await sut.ReceiveAsync());
        Assert.Null(await sut.ReceiveAsync());
    }

    [Fact]
    public async Task Abandon_RedeliversWithHigherDeliveryCount()
    {
        var sut = CreateSut();
        await sut.EnqueueAsync("cmd-1", "{}");

        await sut.AbandonAsync((await sut.ReceiveAsync())!);
        var again = await sut.ReceiveAsync();

        Assert.Equal(2, again!.DeliveryCount);
    }

    [Fact]
    public async Task Abandon_PastMaxDeliveryCount_DeadLetters()
    {
        var sut = CreateSut(maxDeliveryCount: 3);
        await sut.EnqueueAsync("cmd-1", "{}");

        for (int i = 0; i < 3; i++)
        {
            await sut.AbandonAsync((await sut.ReceiveAsync())!);
        }

        Assert.Null(await sut.ReceiveAsync());
        var dead = Assert.Single(sut.DeadLetters);
        Assert.Equal(("cmd-1", 3, InMemoryCommandQueue.MaxDeliveryCountExceeded), (dead.MessageId, dead.DeliveryCount, dead.DeadLetterReason));
    }

    [Fact]
    public async Task LockExpiry_RedeliversAndOldLockCannotComplete()
    {
        var sut = CreateSut();
        await sut.EnqueueAsync("cmd-1", "{}");
        var first = await sut.ReceiveAsync();
        _time.Advance(TimeSpan.FromMinutes(2));

        var second = await sut.ReceiveAsync();

        Assert.Equal(2, second!.DeliveryCount);
        await Assert.ThrowsAsync<MessageLockLostException>(() => sut.CompleteAsync(first!));
        await sut.CompleteAsync(second);
        Assert.Equal(0, sut.ActiveMessageCount);
    }

    [Fact]
    public async Task Complete_AfterLockExpiredWithoutReceive_ThrowsAndRedelivers()
    {
        var sut = CreateSut();
        await sut.EnqueueAsync("cmd-1", "{}");
        var message = await sut.ReceiveAsync();
        _time.Advance(TimeSpan.FromMinutes(2));

        await Assert.ThrowsAsync<MessageLockLostException>(() => sut.CompleteAsync(message!));
        Assert.Equal(2, (await sut.ReceiveAsync())!.DeliveryCount);
    }

    [Fact]
    public async Task Complete_Twice_Throws()
    {
        var sut = CreateSut();
        await sut.EnqueueAsync("cmd-1", "{}");
        var message = (await sut.ReceiveAsync())!;
        await sut.CompleteAsync(message);

        await Assert.ThrowsAsync<MessageLockLostException>(() => sut.CompleteAsync(message));
    }

    [Fact]
    public async Task DeadLetter_KeepsReasonAndBody()
    {
        var sut = CreateSut();
        await sut.EnqueueAsync("cmd-1", "{\"bad\":true}");

        await sut.DeadLetterAsync((await sut.ReceiveAsync())!, "unparseable");

        var dead = Assert.Single(sut.DeadLetters);
        Assert.Equal(("{\"bad\":true}", "unparseable"), (dead.Body, dead.DeadLetterReason));
    }

    [Fact]
    public async Task Enqueue_DuplicateIdInsideWindow_IsDropped_AfterWindow_IsAccepted()
    {
        var sut = CreateSut();
        await sut.EnqueueAsync("cmd-1", "first");
        await sut.EnqueueAsync("cmd-1", "second");
        Assert.Equal(1, sut.ActiveMessageCount);

        _time.Advance(TimeSpan.FromMinutes(11));
        await sut.EnqueueAsync("cmd-1", "third");

        Assert.Equal(2, sut.ActiveMessageCount);
    }

    [Fact]
    public async Task Receive_PreservesEnqueueOrder_EvenAfterRedelivery()
    {
        var sut = CreateSut();
        await sut.EnqueueAsync("a", "1");
        await sut.EnqueueAsync("b", "2");

        var a = (await sut.ReceiveAsync())!;
        await sut.AbandonAsync(a);

        Assert.Equal("a", (await sut.ReceiveAsync())!.MessageId);
        Assert.Equal("b", (await sut.ReceiveAsync())!.MessageId);
    }
}
