namespace P21.Connector.Client.Http;

/// <summary>
/// Announces each retry of a P21 call as it is scheduled, so a terminal can say "waiting for P21 (attempt 2 of 5, next
/// in 8 s)" instead of going silent for minutes while a host accepts connections and never answers. Hosts log retries
/// through the resilience pipeline's own telemetry; this is for an operator watching one run.
/// </summary>
public sealed class P21RetryNotices
{
    /// <summary>Raised on the thread that schedules the retry; handlers must be quick and must not throw.</summary>
    public event Action<P21RetryNotice>? Retrying;

    internal void Raise(P21RetryNotice notice)
    {
        try
        {
            Retrying?.Invoke(notice);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A broken observer must never fail a P21 call.
        }
    }
}

/// <summary>One scheduled retry.</summary>
/// <param name="Connection">The connection name.</param>
/// <param name="Operation">What was being done (e.g. <c>QueryAsync</c>, <c>token request</c>).</param>
/// <param name="NextAttempt">The attempt about to be made (2 for the first retry).</param>
/// <param name="MaxAttempts">Attempts in all.</param>
/// <param name="Delay">The wait before it.</param>
/// <param name="Reason">Why the last attempt failed, in words (<c>HTTP 503</c>, <c>no answer within 100 s</c>).</param>
public sealed record P21RetryNotice(string Connection, string Operation, int NextAttempt, int MaxAttempts, TimeSpan Delay, string Reason);
