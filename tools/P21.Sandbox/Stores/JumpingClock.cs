namespace P21.Sandbox.Stores;

/// <summary>
/// A virtual clock whose timers fire at once and move the clock forward by their due time, so code that waits on the
/// injected <see cref="TimeProvider"/> (rate-limit waits, retry pauses) runs without waiting on the wall clock, and the
/// fakes that read the same clock see the time pass (a cost bucket refills, a quota window resets).
/// </summary>
public sealed class JumpingClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now = start;
    private TimeSpan _waited;
    private int _timers;

    public JumpingClock()
        : this(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>The sum of every wait the code under test did on this clock.</summary>
    public TimeSpan Waited
    {
        get
        {
            lock (_gate)
            {
                return _waited;
            }
        }
    }

    /// <summary>How many waits were started.</summary>
    public int Waits => Volatile.Read(ref _timers);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _now += by;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new JumpTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Jump(TimeSpan by)
    {
        Interlocked.Increment(ref _timers);
        lock (_gate)
        {
            _now += by;
            _waited += by;
        }
    }

    private sealed class JumpTimer(JumpingClock clock, TimerCallback callback, object? state) : ITimer
    {
        private bool _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed || dueTime == Timeout.InfiniteTimeSpan)
            {
                return !_disposed;
            }

            clock.Jump(dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
            ThreadPool.UnsafeQueueUserWorkItem(_ =>
            {
                if (!_disposed)
                {
                    callback(state);
                }
            }, null);
            return true;
        }

        public void Dispose() => _disposed = true;

        public ValueTask DisposeAsync()
        {
            _disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
