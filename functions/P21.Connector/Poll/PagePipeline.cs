using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace P21.Connector.Poll;

/// <summary>
/// The poll's page pipeline: P21's pages are read, mapped (look-ups included) and published by three stages that overlap,
/// with a bounded number of pages between them, so a run takes about as long as P21 needs to serve its pages.
/// </summary>
internal static class PagePipeline
{
    /// <summary>
    /// Yields <paramref name="map"/> of each of <paramref name="source"/>'s items, in source order. The source is read by a
    /// task of its own into a buffer of <paramref name="depth"/> items, so P21's page chain never waits for mapping or
    /// publishing; up to <paramref name="depth"/> items are mapped side by side (each on the thread pool) ahead of the
    /// one the caller is processing. Memory holds at most 2 × <paramref name="depth"/> + 2 items.
    /// </summary>
    /// <remarks>
    /// When the source fails, the items already read are still mapped and yielded first, so the caller commits as far as
    /// it can. When the caller stops or a map fails, the read and the maps in flight are cancelled and awaited, their
    /// outcomes dropped: the caller's or the map's exception is the one that surfaces.
    /// </remarks>
    public static async IAsyncEnumerable<TOut> MapAheadAsync<TIn, TOut>(this IAsyncEnumerable<TIn> source, Func<TIn, CancellationToken, Task<TOut>> map, int depth,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var buffer = Channel.CreateBounded<TIn>(new BoundedChannelOptions(depth) { SingleReader = true, SingleWriter = true });
        var reading = Task.Run(() => FillAsync(source, buffer.Writer, stop.Token), CancellationToken.None);
        var inFlight = new Queue<Task<TOut>>(depth);
        Exception? readFailure = null;
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await buffer.Reader.WaitToReadAsync(stop.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stop.IsCancellationRequested)
                {
                    readFailure = ex;
                    break;
                }

                if (!more)
                {
                    break;
                }

                while (buffer.Reader.TryRead(out var item))
                {
                    inFlight.Enqueue(Task.Run(() => map(item, stop.Token), stop.Token));
                    if (inFlight.Count >= depth)
                    {
                        yield return await inFlight.Dequeue().ConfigureAwait(false);
                    }
                }
            }

            while (inFlight.Count > 0)
            {
                yield return await inFlight.Dequeue().ConfigureAwait(false);
            }

            if (readFailure is not null)
            {
                ExceptionDispatchInfo.Throw(readFailure);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            foreach (var task in inFlight)
            {
                await ((Task)task).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private static async Task FillAsync<T>(IAsyncEnumerable<T> source, ChannelWriter<T> writer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in source.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                await writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
            }

            writer.TryComplete();
        }
        catch (Exception ex)
        {
            writer.TryComplete(ex);
        }
    }
}
