using System.Net;

using Microsoft.Extensions.Http.Resilience;

using P21.Connector.Connections;

using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace P21.Connector.Client.Http;

/// <summary>
/// The Polly v8 pipeline of every P21 request: total timeout → retry (idempotent requests only, jittered
/// exponential backoff, Retry-After honoured) → circuit breaker → per-attempt timeout (<c>RequestTimeout</c>).
/// </summary>
internal static class P21ResiliencePipeline
{
    /// <summary>Retries after the first attempt.</summary>
    public const int MaxRetryAttempts = 4;

    /// <summary>Longest wait between attempts, also the cap on a server's Retry-After.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>Room for the backoff delays on top of the attempts themselves.</summary>
    public static TimeSpan TotalTimeout(P21ConnectionOptions options) =>
        (options.RequestTimeout * (MaxRetryAttempts + 1)) + (MaxRetryDelay * 2);

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, P21ConnectionOptions options, P21RetryNotices? notices = null)
    {
        builder
            .AddTimeout(new HttpTimeoutStrategyOptions { Name = "P21.TotalTimeout", Timeout = TotalTimeout(options) })
            .AddRetry(new HttpRetryStrategyOptions
            {
                Name = "P21.Retry",
                MaxRetryAttempts = MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(500),
                MaxDelay = MaxRetryDelay,
                ShouldRetryAfterHeader = false,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Context.GetRequestMessage().IsIdempotent() && IsTransient(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    string operation = args.Context.GetRequestMessage() is { } request && request.Options.TryGetValue(P21RequestOptions.Operation, out string? op) ? op : "call";
                    notices?.Raise(new P21RetryNotice(options.Name, operation, args.AttemptNumber + 2, MaxRetryAttempts + 1, args.RetryDelay, Describe(args.Outcome, options)));
                    return default;
                },
            })
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                Name = "P21.CircuitBreaker",
                FailureRatio = 0.5,
                MinimumThroughput = 20,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(5),
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome) && args.Outcome.Exception is not BrokenCircuitException),
            })
            .AddTimeout(new HttpTimeoutStrategyOptions { Name = "P21.AttemptTimeout", Timeout = options.RequestTimeout });
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome, P21ConnectionOptions options) => outcome switch
    {
        { Exception: TimeoutRejectedException } => $"no answer within {options.RequestTimeout.TotalSeconds:0} s",
        { Exception: BrokenCircuitException } => "calls paused after repeated failures",
        { Exception: HttpRequestException http } => http.HttpRequestError.ToString(),
        { Exception: { } other } => other.GetType().Name,
        { Result: { } response } => $"HTTP {(int)response.StatusCode}",
        _ => "a failure",
    };

    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException or BrokenCircuitException or IOException } => true,
        { Result: { } response } => P21ErrorParser.IsTransientStatus((int)response.StatusCode),
        _ => false,
    };

    /// <summary>The server's Retry-After (429/503), capped; null lets the backoff decide.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        if (response is null
            || response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
            || response.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        TimeSpan? delay = retryAfter.Delta
            ?? (retryAfter.Date is { } date && response.Headers.Date is { } sent ? date - sent : null);
        if (delay is null)
        {
            return null;
        }

        return delay.Value <= TimeSpan.Zero ? TimeSpan.Zero : delay.Value > MaxRetryDelay ? MaxRetryDelay : delay.Value;
    }
}
