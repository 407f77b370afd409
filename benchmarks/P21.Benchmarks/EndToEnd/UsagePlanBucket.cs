namespace P21.Benchmarks.EndToEnd;

/// <summary>
/// An SP-API usage plan as a token bucket (full at first use, refilling at <paramref name="rate"/> per second up to
/// <paramref name="burst"/>), spent by an ideal caller that makes each call the moment a token is there: the least wait
/// the plan allows for a schedule of calls.
/// </summary>
internal sealed class UsagePlanBucket(double rate, int burst)
{
    private double _tokens = burst;
    private DateTimeOffset? _at;

    /// <summary>Makes <paramref name="calls"/> calls from <paramref name="start"/> on; returns how long the last one had to wait.</summary>
    public TimeSpan Spend(DateTimeOffset start, int calls)
    {
        if (_at is { } at && start > at)
        {
            _tokens = Math.Min(burst, _tokens + (rate * (start - at).TotalSeconds));
        }

        // The k-th call needs a whole token: it goes at (k - tokens) / rate, so the last at (calls - tokens) / rate.
        double wait = calls <= _tokens ? 0 : (calls - _tokens) / rate;
        _tokens += (rate * wait) - calls;
        _at = start + TimeSpan.FromSeconds(wait);
        return TimeSpan.FromSeconds(wait);
    }
}
