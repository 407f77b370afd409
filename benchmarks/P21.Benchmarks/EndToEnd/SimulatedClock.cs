using System.Diagnostics;

namespace P21.Benchmarks.EndToEnd;

/// <summary>
/// The connector's clock in a replayed day: set to each poll's moment, then running at real speed from there (so leases
/// and durations behave). The steady day writes a day of changes in minutes, stamped with the day's times; the
/// connector must see the same day, or its change probe would ask from the real now.
/// </summary>
internal sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _at = start;
    private long _since = Stopwatch.GetTimestamp();

    public void Set(DateTimeOffset moment)
    {
        lock (_gate)
        {
            _at = moment;
            _since = Stopwatch.GetTimestamp();
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _at + Stopwatch.GetElapsedTime(_since);
        }
    }
}
