using System.Runtime.CompilerServices;

namespace P21.Connector.Poll;

/// <summary>
/// Keeps the read of the next page in flight while the caller processes the current one, so mapping, fingerprints and
/// the sink overlap P21's serve time. One page ahead at most: memory stays at two pages.
/// </summary>
internal static class PageReadAhead
{
    /// <summary>
    /// Yields <paramref name="source"/>'s items in order, having already asked for the next one. When the caller stops
    /// (a failure in processing, a break, cancellation) the read in flight is cancelled and awaited before the source is
    /// disposed, and its outcome is dropped: the caller's own exception is the one that surfaces.
    /// </summary>
    public static async IAsyncEnumerable<T> ReadAheadAsync<T>(this IAsyncEnumerable<T> source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var enumerator = source.GetAsyncEnumerator(stop.Token);
        Task<bool>? next = null;
        try
        {
            next = enumerator.MoveNextAsync().AsTask();
            while (await next.ConfigureAwait(false))
            {
                var current = enumerator.Current;
                next = enumerator.MoveNextAsync().AsTask();
                yield return current;
            }
        }
        finally
        {
            if (next is not null)
            {
                if (!next.IsCompleted)
                {
                    await stop.CancelAsync().ConfigureAwait(false);
                }

                // Observed here so an abandoned read's failure neither hides the caller's nor goes unobserved.
                await ((Task)next).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }
}
