using System.Globalization;
using System.Net;

namespace P21.Connector.Amazon;

/// <summary>
/// When an SP-API call is tried again and after how long. A 429 waits for one request's worth of the operation's
/// rate, read from <c>x-amzn-RateLimit-Limit</c> (requests per second, per ordersV0.json's usage plans); without it,
/// and for 5xx or timeouts, the pause doubles from 1 s to 60 s.
/// </summary>
internal static class SpApiRetry
{
    /// <summary>The response header that carries the operation's rate in requests per second.</summary>
    public const string RateLimitHeader = "x-amzn-RateLimit-Limit";

    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(60);

    // A seller's usage plan can be lower than the published default; never wait longer than this on one answer.
    private static readonly TimeSpan MaxRateWait = TimeSpan.FromMinutes(5);

    /// <summary>408, 429 and 5xx.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>1 s, 2 s, 4 s … capped at 60 s.</summary>
    public static TimeSpan Doubling(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxPause.TotalMilliseconds, 1000 * Math.Pow(2, Math.Min(attempt, 10) - 1)));

    /// <summary>1/limit seconds from the answer's rate header, rounded up to the millisecond; null when absent or unreadable.</summary>
    public static TimeSpan? RateWait(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues(RateLimitHeader, out IEnumerable<string>? values)
            || !double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out double perSecond)
            || perSecond <= 0 || double.IsNaN(perSecond) || double.IsInfinity(perSecond))
        {
            return null;
        }

        // Rounded up: a wait a hair short of one token's refill would be answered 429 again.
        double ms = Math.Ceiling(1000 / perSecond);
        return ms >= MaxRateWait.TotalMilliseconds ? MaxRateWait : TimeSpan.FromMilliseconds(ms);
    }
}
