using System.Collections.Concurrent;

namespace P21.Connector.Amazon;

/// <summary>
/// Spaces the calls of an operation once SP-API has throttled it. SP-API's usage plans are token buckets: a burst is
/// free, then calls refill at the plan's rate. Waiting only after each 429 would answer every second call with a 429
/// while the bucket is empty (a 5,000-order pull would make twice the calls the plan allows); so after one 429 the
/// operation's calls leave one interval (1/rate, from <c>x-amzn-RateLimit-Limit</c>) apart. When a call finds the
/// operation idle for more than an interval, the bucket holds tokens again and the spacing stops until the next 429:
/// one extra call per burst, not one per call.
/// </summary>
internal sealed class SpApiPacing(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Pace> _paces = new(StringComparer.Ordinal);

    /// <summary>Waits until <paramref name="operation"/> may be called again, then books the slot.</summary>
    public async Task WaitAsync(string operation, CancellationToken cancellationToken)
    {
        if (!_paces.TryGetValue(operation, out Pace? pace))
        {
            return;
        }

        TimeSpan wait;
        lock (pace)
        {
            DateTimeOffset now = time.GetUtcNow();
            if (now > pace.Next + pace.Interval)
            {
                _paces.TryRemove(new KeyValuePair<string, Pace>(operation, pace));
                return;
            }

            DateTimeOffset slot = pace.Next > now ? pace.Next : now;
            pace.Next = slot + pace.Interval;
            wait = slot - now;
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Records that <paramref name="operation"/> was answered 429; the caller waits <paramref name="interval"/> before trying again.</summary>
    public void Throttled(string operation, TimeSpan interval)
    {
        DateTimeOffset next = time.GetUtcNow() + interval;
        _paces.AddOrUpdate(
            operation,
            _ => new Pace { Interval = interval, Next = next },
            (_, pace) =>
            {
                lock (pace)
                {
                    pace.Interval = interval;
                    pace.Next = next > pace.Next ? next : pace.Next;
                    return pace;
                }
            });
    }

    private sealed class Pace
    {
        public TimeSpan Interval { get; set; }

        public DateTimeOffset Next { get; set; }
    }
}
