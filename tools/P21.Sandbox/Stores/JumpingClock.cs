namespace P21.Sandbox.Stores;

/// <summary>
/// A virtual clock whose timers fire at once and move the clock forward by their due time, so code that waits on the
/// injected <see cref="TimeProvider"/> (rate-limit waits, retry pauses) runs without waiting on the wall clock, and the
/// fakes that read the same clock see the time pass (a cost bucket refills, a quota window resets).
/// A background timer (<see cref="Background"/>, e.g. a lease heartbeat that beats as long as a run lasts) does not
/// jump: it fires when the other waits carry the clock past its due time, as on a real clock, instead of spinning the
/// clock forward by itself.
/// </summary>
public sealed class JumpingClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<(DateTimeOffset Due, JumpTimer Timer)> _background = [];
    private DateTimeOffset _now = start;
    private TimeSpan _waited;
    private int _timers;

    public JumpingClock()
        : this(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Which due times mark a background timer (none unless set).</summary>
    public Func<TimeSpan, bool> Background { get; set; } = _ => false;

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

        FireDueBackground();
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

        FireDueBackground();
    }

    private void Defer(JumpTimer timer, TimeSpan dueTime)
    {
        lock (_gate)
        {
            _background.Add((_now + dueTime, timer));
        }
    }

    private void FireDueBackground()
    {
        List<JumpTimer> due;
        lock (_gate)
        {
            due = [.. _background.Where(b => b.Due <= _now).Select(b => b.Timer)];
            _background.RemoveAll(b => b.Due <= _now);
        }

        foreach (JumpTimer timer in due)
        {
            timer.Fire();
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

            if (dueTime > TimeSpan.Zero && clock.Background(dueTime))
            {
                clock.Defer(this, dueTime);
                return true;
            }

            clock.Jump(dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
            Fire();
            return true;
        }

        public void Fire() => ThreadPool.UnsafeQueueUserWorkItem(_ =>
        {
            if (!_disposed)
            {
                callback(state);
            }
        }, null);

        public void Dispose() => _disposed = true;

        public ValueTask DisposeAsync()
        {
            _disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
