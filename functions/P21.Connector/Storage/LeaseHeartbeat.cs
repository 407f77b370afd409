namespace P21.Connector.Storage;

/// <summary>
/// Keeps a run's watermark lease alive while the run is (a poll run, an Amazon pull): it renews the lease every third of its duration on
/// <see cref="TimeProvider"/>, so a short lease frees itself soon after its holder dies (a killed CLI, a crashed host)
/// instead of blocking the next run for the whole duration. Commits go through here too, one at a time with the
/// renewals, because each changes the row version the other must present.
/// </summary>
internal sealed class LeaseHeartbeat : IAsyncDisposable
{
    private readonly IWatermarkStore _store;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _beats;
    private WatermarkLease _lease;
    private volatile bool _lost;
    private int _renewals;

    public LeaseHeartbeat(IWatermarkStore store, WatermarkLease lease, TimeProvider time)
    {
        _store = store;
        _lease = lease;
        _beats = BeatAsync(time, lease.Duration / 3, _stop.Token);
    }

    /// <summary>The lease as last renewed or committed.</summary>
    public WatermarkLease Lease => _lease;

    /// <summary>Renewals done so far (for tests and logs).</summary>
    public int Renewals => Volatile.Read(ref _renewals);

    /// <summary>Whether a renewal found the lease taken over; the run's next commit then fails.</summary>
    public bool Lost => _lost;

    /// <summary>Commits <paramref name="position"/> under the current lease and keeps the renewed one.</summary>
    /// <exception cref="WatermarkLeaseLostException">Another runner took the entity over.</exception>
    public async Task<WatermarkLease> CommitAsync(string? position, long rowsAdded, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _lease = await _store.CommitAsync(_lease, position, rowsAdded, cancellationToken).ConfigureAwait(false);
            return _lease;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _beats.ConfigureAwait(false);
        _stop.Dispose();
        _gate.Dispose();
    }

    private async Task BeatAsync(TimeProvider time, TimeSpan every, CancellationToken stop)
    {
        try
        {
            while (!_lost)
            {
                await Task.Delay(every, time, stop).ConfigureAwait(false);
                await _gate.WaitAsync(stop).ConfigureAwait(false);
                try
                {
                    _lease = await _store.RenewAsync(_lease, stop).ConfigureAwait(false);
                    Interlocked.Increment(ref _renewals);
                }
                catch (WatermarkLeaseLostException)
                {
                    // Someone took the entity over (--take-over): the run's next commit fails the same way and stops it.
                    _lost = true;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A storage hiccup: try again at the next beat; the lease lasts three beats.
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run ended.
        }
    }
}
