using System.Collections.Concurrent;
using System.Text;

namespace P21.Sandbox;

/// <summary>
/// Fault knobs applied to every API route (never to /_sandbox). Settable in-process or through /_sandbox/faults.
/// </summary>
/// <remarks>
/// A fault is decided by a hash of (seed, request, attempt), not by a shared random sequence: with a shared
/// sequence, which request met which fault depended on the order requests arrived in, so a client that reads ahead
/// or looks up concurrently met different faults on every run and a seeded fault test could fail at random. Here
/// the attempt is the number of faults the same request (method, path and query) met in a row: a request meets the
/// same run of faults, then passes, whatever else is in flight and however often it is sent again.
/// </remarks>
public sealed class SandboxFaults
{
    // Requests in the middle of a fault run; an entry is removed when its request passes, so this stays small.
    private readonly ConcurrentDictionary<string, int> _faultRuns = new(StringComparer.Ordinal);
    private int _seed = 21;

    /// <summary>Delay added to every API request, in milliseconds.</summary>
    public int LatencyMs { get; set; }

    /// <summary>Share (0..1) of API requests answered 500 or 503 (half each, by the same hash).</summary>
    public double ErrorRate { get; set; }

    /// <summary>Share (0..1) of API requests answered 429 with a Retry-After header.</summary>
    public double Status429Rate { get; set; }

    /// <summary>Retry-After seconds sent with 429 answers.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Share (0..1) of API requests that never answer (until the client gives up).</summary>
    public double TimeoutRate { get; set; }

    /// <summary>Seed of the fault decisions; setting it forgets every request's fault run.</summary>
    public int Seed
    {
        get => _seed;
        set
        {
            _seed = value;
            _faultRuns.Clear();
        }
    }

    /// <summary>Turns every fault off and restarts the decisions.</summary>
    public void Reset()
    {
        LatencyMs = 0;
        ErrorRate = 0;
        Status429Rate = 0;
        RetryAfterSeconds = 1;
        TimeoutRate = 0;
        Seed = 21;
    }

    /// <summary>The fault (or none) for this attempt of <paramref name="request"/> (method, path and query).</summary>
    internal FaultDecision Decide(string request)
    {
        double timeout = TimeoutRate, throttle = Status429Rate, error = ErrorRate;
        if (timeout <= 0 && throttle <= 0 && error <= 0)
        {
            return FaultDecision.None;
        }

        int attempt = _faultRuns.GetValueOrDefault(request);
        ulong hash = Hash(_seed, request, attempt);
        double draw = (hash >> 11) * (1.0 / (1UL << 53));
        bool flavour = (hash & 1) == 0;

        // Bands are stacked so each rate keeps its own meaning when several are set.
        FaultDecision decision =
            draw < timeout ? FaultDecision.Hang
            : draw < timeout + throttle ? FaultDecision.TooManyRequests
            : draw < timeout + throttle + error ? (flavour ? FaultDecision.InternalError : FaultDecision.Unavailable)
            : FaultDecision.None;
        if (decision == FaultDecision.None)
        {
            _faultRuns.TryRemove(request, out _);
        }
        else
        {
            _faultRuns[request] = attempt + 1;
        }

        return decision;
    }

    // FNV-1a over the UTF-8 text, finished with SplitMix64 so nearby inputs give unrelated draws.
    private static ulong Hash(int seed, string request, int attempt)
    {
        ulong h = 14695981039346656037UL;
        Span<byte> buffer = stackalloc byte[256];
        string text = $"{seed}\n{attempt}\n{request}";
        int offset = 0;
        while (offset < text.Length)
        {
            int take = Math.Min(64, text.Length - offset);
            int written = Encoding.UTF8.GetBytes(text.AsSpan(offset, take), buffer);
            foreach (byte b in buffer[..written])
            {
                h = (h ^ b) * 1099511628211UL;
            }

            offset += take;
        }

        h += 0x9E3779B97F4A7C15UL;
        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
        return h ^ (h >> 31);
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
