using System.Runtime.CompilerServices;

using P21.Connector.Poll;

namespace P21.Connector.Tests.Poll;

public sealed class PagePipelineTests
{
    // A guard against a hang if the behaviour under test is missing, not a timing assertion.
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task MapAheadAsync_MapsOverlap_ResultsKeepSourceOrder()
    {
        var source = new Source(6);
        var started = Enumerable.Range(0, 7).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var seen = new List<int>();

        await foreach (var item in source.ReadAsync().MapAheadAsync(async (i, ct) =>
        {
            started[i].TrySetResult();

            // Map n finishes only once map n+1 has started: without maps side by side this never happens.
            if (i < 6)
            {
                await started[i + 1].Task.WaitAsync(Hang, ct);
            }

            return i * 10;
        }, depth: 2, CancellationToken.None))
        {
            seen.Add(item);
        }

        Assert.Equal([10, 20, 30, 40, 50, 60], seen);
        Assert.True(source.Disposed);
    }

    [Fact]
    public async Task MapAheadAsync_SlowMap_ReadsRunAheadOfIt()
    {
        var source = new Source(6);
        var seen = new List<int>();

        await foreach (var item in source.ReadAsync().MapAheadAsync(async (i, ct) =>
        {
            // Map 1 waits until item 4 was asked for: two maps in flight and a buffer of two, so reads go on meanwhile.
            if (i == 1)
            {
                await source.Requested[3].Task.WaitAsync(Hang, ct);
            }

            return i;
        }, depth: 2, CancellationToken.None))
        {
            seen.Add(item);
        }

        Assert.Equal([1, 2, 3, 4, 5, 6], seen);
    }

    [Fact]
    public async Task MapAheadAsync_ReadFails_PagesAlreadyReadComeFirst()
    {
        var source = new Source(4, failAt: 3);
        var seen = new List<int>();

        var error = await Assert.ThrowsAsync<IOException>(async () =>
        {
            await foreach (var item in source.ReadAsync().MapAheadAsync((i, _) => Task.FromResult(i), depth: 2, CancellationToken.None))
            {
                seen.Add(item);
            }
        });

        Assert.Equal("page 3 failed", error.Message);
        Assert.Equal([1, 2], seen);
        Assert.True(source.Disposed);
    }

    [Fact]
    public async Task MapAheadAsync_MapFails_OtherMapsStoppedAndTheFailureSurfaces()
    {
        var source = new Source(5);
        var maps = new Maps(failAt: 2);
        var seen = new List<int>();

        var error = await Assert.ThrowsAsync<FormatException>(async () =>
        {
            await foreach (var item in source.ReadAsync().MapAheadAsync(maps.MapAsync, depth: 2, CancellationToken.None))
            {
                seen.Add(item);
            }
        });

        Assert.Equal("page 2 is not JSON", error.Message);
        Assert.Equal([1], seen);
        Assert.Equal(0, maps.Running);
        Assert.True(source.Disposed);
    }

    [Fact]
    public async Task MapAheadAsync_CallerFails_MapsInFlightAreStoppedBeforeItSurfaces()
    {
        var source = new Source(4);
        var maps = new Maps(failAt: null);

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var item in source.ReadAsync().MapAheadAsync(maps.MapAsync, depth: 2, CancellationToken.None))
            {
                throw new InvalidOperationException("sink refused page " + item);
            }
        });

        // Map 2 was in flight and blocks until cancelled: it must have been cancelled (or never started) and awaited.
        Assert.Equal(0, maps.Running);
        Assert.Equal([1], maps.Finished);
        Assert.True(source.Disposed);
    }

    // Map 1 returns at once; a map at failAt fails; every later map waits until cancelled.
    private sealed class Maps(int? failAt)
    {
        private int _running;

        public int Running => Volatile.Read(ref _running);

        public List<int> Finished { get; } = [];

        public async Task<int> MapAsync(int item, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _running);
            try
            {
                await Task.Yield();
                if (item == failAt)
                {
                    throw new FormatException($"page {item} is not JSON");
                }

                if (item > 1)
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }

                lock (Finished)
                {
                    Finished.Add(item);
                }

                return item;
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }
    }

    private sealed class Source(int count, int? failAt = null)
    {
        public TaskCompletionSource[] Requested { get; } = [.. Enumerable.Range(0, count + 1).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))];

        public bool Disposed { get; private set; }

        public async IAsyncEnumerable<int> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            try
            {
                for (var i = 1; i <= count; i++)
                {
                    // Item i is being asked for.
                    Requested[i - 1].TrySetResult();
                    await Task.Yield();
                    cancellationToken.ThrowIfCancellationRequested();
                    if (i == failAt)
                    {
                        throw new IOException($"page {i} failed");
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
