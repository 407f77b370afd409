namespace P21.Connector.Storage;

/// <summary>
/// Pauses between retries: after an ETag-conditional write that another worker beat, and while a key's claim is held
/// elsewhere. Waits on the injected clock and draws jitter from the injected source, so a test's fake clock decides
/// when a pause ends and a seeded source gives the same pauses on every run; production uses the system clock and
/// <see cref="Random.Shared"/>.
/// </summary>
public sealed class Backoff
{
    /// <summary>How often a lost race is retried before the caller gives up.</summary>
    public const int MaxRaceAttempts = 16;

    private readonly TimeProvider _time;
    private readonly Random _jitter;

    /// <summary>Creates a backoff on <paramref name="time"/>; <paramref name="jitter"/> must be safe for concurrent use (e.g. <see cref="Random.Shared"/>) unless one caller owns it.</summary>
    public Backoff(TimeProvider time, Random jitter)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(jitter);
        _time = time;
        _jitter = jitter;
    }

    /// <summary>The system clock and <see cref="Random.Shared"/>.</summary>
    public static Backoff System { get; } = new(TimeProvider.System, Random.Shared);

    /// <summary>
    /// The pause after the <paramref name="attempt"/>-th lost race: jittered and growing, so a crowd of writers on one row
    /// spreads out instead of colliding again.
    /// </summary>
    public TimeSpan AfterLostRace(int attempt) => TimeSpan.FromMilliseconds(_jitter.Next(1, 10 * Math.Clamp(attempt, 1, 10)));

    /// <summary>
    /// The pause before the <paramref name="attempt"/>-th look at a claim another holder has: doubling from 200 ms to
    /// 2 s, plus up to 100 ms of jitter, never longer than <paramref name="budgetLeft"/>.
    /// </summary>
    public TimeSpan WhileClaimed(int attempt, TimeSpan budgetLeft)
    {
        TimeSpan pause = TimeSpan.FromMilliseconds(Math.Min(2000, 100 * (1 << Math.Clamp(attempt, 1, 5))) + _jitter.Next(0, 100));
        return pause < budgetLeft ? pause : budgetLeft;
    }

    /// <summary>Waits <paramref name="pause"/> on the injected clock.</summary>
    public Task WaitAsync(TimeSpan pause, CancellationToken cancellationToken) =>
        pause <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(pause, _time, cancellationToken);
}
