using System.Collections.Concurrent;

namespace P21.Connector.Write;

/// <summary>
/// One writer at a time per idempotency key inside this process. The ledger admits one claimant per key, but a
/// redelivery of a still-Pending key must proceed (its first worker may have crashed); this gate keeps two live
/// deliveries on one instance from both passing the external-reference lookup before either has created.
/// </summary>
internal sealed class KeyedGate
{
    private readonly ConcurrentDictionary<string, Holder> _holders = new(StringComparer.Ordinal);

    public async Task<IDisposable> EnterAsync(string key, CancellationToken cancellationToken)
    {
        Holder holder;
        while (true)
        {
            holder = _holders.GetOrAdd(key, static _ => new Holder());
            lock (holder)
            {
                if (!holder.Retired)
                {
                    holder.Users++;
                    break;
                }
            }
        }

        try
        {
            await holder.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(key, holder, released: false);
            throw;
        }

        return new Release(this, key, holder);
    }

    private void Leave(string key, Holder holder, bool released)
    {
        if (released)
        {
            holder.Semaphore.Release();
        }

        lock (holder)
        {
            holder.Users--;
            if (holder.Users == 0)
            {
                holder.Retired = true;
                _holders.TryRemove(new KeyValuePair<string, Holder>(key, holder));
            }
        }
    }

    private sealed class Holder
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }

        public bool Retired { get; set; }
    }

    private sealed class Release(KeyedGate gate, string key, Holder holder) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                gate.Leave(key, holder, released: true);
            }
        }
    }
}
