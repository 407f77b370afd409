namespace P21.Sandbox;

/// <summary>
/// Fault knobs applied to every API route (never to /_sandbox). Settable in-process or through /_sandbox/faults.
/// </summary>
public sealed class SandboxFaults
{
    private readonly Lock _gate = new();
    private Random _random = new(21);
    private int _seed = 21;

    /// <summary>Delay added to every API request, in milliseconds.</summary>
    public int LatencyMs { get; set; }

    /// <summary>Share (0..1) of API requests answered 500 or 503 (alternating by the random draw).</summary>
    public double ErrorRate { get; set; }

    /// <summary>Share (0..1) of API requests answered 429 with a Retry-After header.</summary>
    public double Status429Rate { get; set; }

    /// <summary>Retry-After seconds sent with 429 answers.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Share (0..1) of API requests that never answer (until the client gives up).</summary>
    public double TimeoutRate { get; set; }

    /// <summary>Seed of the fault dice; setting it restarts the deterministic sequence.</summary>
    public int Seed
    {
        get => _seed;
        set
        {
            lock (_gate)
            {
                _seed = value;
                _random = new Random(value);
            }
        }
    }

    /// <summary>Turns every fault off and restarts the dice.</summary>
    public void Reset()
    {
        LatencyMs = 0;
        ErrorRate = 0;
        Status429Rate = 0;
        RetryAfterSeconds = 1;
        TimeoutRate = 0;
        Seed = 21;
    }

    internal FaultDecision Roll()
    {
        double timeout = TimeoutRate, throttle = Status429Rate, error = ErrorRate;
        if (timeout <= 0 && throttle <= 0 && error <= 0)
        {
            return FaultDecision.None;
        }

        double draw, flavour;
        lock (_gate)
        {
            draw = _random.NextDouble();
            flavour = _random.NextDouble();
        }

        // Bands are stacked so each rate keeps its own meaning when several are set.
        if (draw < timeout)
        {
            return FaultDecision.Hang;
        }

        if (draw < timeout + throttle)
        {
            return FaultDecision.TooManyRequests;
        }

        if (draw < timeout + throttle + error)
        {
            return flavour < 0.5 ? FaultDecision.InternalError : FaultDecision.Unavailable;
        }

        return FaultDecision.None;
    }
}

internal enum FaultDecision
{
    None,
    Hang,
    TooManyRequests,
    InternalError,
    Unavailable,
}
