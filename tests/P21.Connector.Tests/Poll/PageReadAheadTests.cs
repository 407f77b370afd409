using System.Runtime.CompilerServices;

using P21.Connector.Poll;

namespace P21.Connector.Tests.Poll;

public sealed class PageReadAheadTests
{
    // A guard against a hang if the behaviour under test is missing, not a timing assertion.
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ReadAheadAsync_WhileCurrentIsProcessed_NextIsAlreadyRequested()
    {
        var source = new Source(3);
        var seen = new List<int>();

        await foreach (var item in source.ReadAsync().ReadAheadAsync(CancellationToken.None))
        {
            // Processing of item n waits until item n+1 was asked for: without the read-ahead this never happens.
            if (item < 3)
            {
                await source.Requested[item].Task.WaitAsync(Hang);
            }

            seen.Add(item);
        }

        Assert.Equal([1, 2, 3], seen);
        Assert.True(source.Disposed);
    }

    [Fact]
    public async Task ReadAheadAsync_ProcessingFails_ReadInFlightCancelledAndCallerErrorSurfaces()
    {
        var source = new Source(3, blockAfter: 1);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var item in source.ReadAsync().ReadAheadAsync(CancellationToken.None))
            {
                await source.Requested[1].Task.WaitAsync(Hang);
                throw new InvalidOperationException("sink refused page " + item);
            }
        });

        Assert.Equal("sink refused page 1", error.Message);
        Assert.True(source.Cancelled);
        Assert.True(source.Disposed);
    }

    [Fact]
    public async Task ReadAheadAsync_NextReadFails_CurrentIsProcessedFirst()
    {
        var source = new Source(3, failAt: 2);
        var seen = new List<int>();

        var error = await Assert.ThrowsAsync<IOException>(async () =>
        {
            await foreach (var item in source.ReadAsync().ReadAheadAsync(CancellationToken.None))
            {
                seen.Add(item);
            }
        });

        Assert.Equal([1], seen);
        Assert.Equal("page 2 failed", error.Message);
        Assert.True(source.Disposed);
    }

    private sealed class Source(int count, int? blockAfter = null, int? failAt = null)
    {
        public TaskCompletionSource[] Requested { get; } = [.. Enumerable.Range(0, count + 1).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))];

        public bool Cancelled { get; private set; }

        public bool Disposed { get; private set; }

        public async IAsyncEnumerable<int> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            try
            {
                for (var i = 1; i <= count; i++)
                {
                    // Item i is being asked for: the consumer is done with at most item i-1.
                    Requested[i - 1].TrySetResult();
                    await Task.Yield();
                    if (i == failAt)
                    {
                        throw new IOException($"page {i} failed");
                    }

                    if (blockAfter is { } block && i > block)
                    {
                        try
                        {
                            await Task.Delay(Timeout.Infinite, cancellationToken);
                        }
                        catch (OperationCanceledException)
                        {
                            Cancelled = true;
                            throw;
                        }
                    }

                    yield return i;
                }
            }
            finally
            {
                Disposed = true;
            }
        }
    }
}
