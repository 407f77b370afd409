using System.Net;
using System.Net.Http.Headers;

using Microsoft.Extensions.Logging;

namespace P21.Connector.Push;

/// <summary>
/// Sends a platform call through a named <see cref="IHttpClientFactory"/> client and retries transient failures (408,
/// 429, 5xx, connection failures, timeouts) with a pause on the injected clock: the platform's throttle hint, else
/// <c>Retry-After</c>, else a doubling backoff from 500 ms to 30 s with jitter. Other answers are returned to the caller.
/// </summary>
internal sealed partial class PushHttp(IHttpClientFactory clients, TimeProvider time, ILogger<PushHttp> logger)
{
    /// <summary>How many times one call is sent before <see cref="PushTransientException"/>.</summary>
    public const int MaxAttempts = 8;

    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one attempt (the named clients themselves have none, so a retry follows a hung call).</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The clock pauses are waited on (shared with the adapters' rate-limit waits).</summary>
    public TimeProvider Time => time;

    /// <summary>Sends the request <paramref name="build"/> makes (once per attempt) until a non-transient answer.</summary>
    /// <param name="clientName">The named HTTP client.</param>
    /// <param name="target">The target (for messages and logs).</param>
    /// <param name="build">Builds a fresh request per attempt.</param>
    /// <param name="throttleHint">The platform's own wait for a 429, read from its headers; null to fall back.</param>
    /// <param name="counters">Counts calls and throttled waits.</param>
    /// <param name="cancellationToken">Cancels the call and any pause.</param>
    /// <exception cref="PushTransientException">Still failing transiently after <see cref="MaxAttempts"/>.</exception>
    public async Task<HttpResponseMessage> SendAsync(string clientName, PushTarget target, Func<HttpRequestMessage> build,
        Func<HttpResponseMessage, TimeSpan?>? throttleHint, PushCounters counters, CancellationToken cancellationToken)
    {
        HttpClient client = clients.CreateClient(clientName);
        string last = "";
        for (int attempt = 1; ; attempt++)
        {
            using var request = build();
            counters.Call();
            TimeSpan? pause;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(AttemptTimeout);
                try
                {
                    var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
                    if (!IsTransient(response.StatusCode))
                    {
                        return response;
                    }

                    using (response)
                    {
                        last = $"{(int)response.StatusCode} {response.ReasonPhrase}";
                        pause = response.StatusCode == HttpStatusCode.TooManyRequests ? throttleHint?.Invoke(response) : null;
                        pause ??= RetryAfter(response, time.GetUtcNow());
                        if (response.StatusCode == HttpStatusCode.TooManyRequests)
                        {
                            counters.ThrottledWait();
                        }
                    }
                }
                catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    last = e is OperationCanceledException ? "timed out" : e.Message;
                    pause = null;
                }
            }

            if (attempt >= MaxAttempts)
            {
                throw new PushTransientException($"{target.SettingPath}: {request.Method} {request.RequestUri?.AbsolutePath} still failing after {MaxAttempts} attempts ({last}).");
            }

            TimeSpan wait = pause ?? Doubling(attempt);
            LogRetry(logger, target.Name, request.Method.Method, request.RequestUri?.AbsolutePath, last, attempt, wait.TotalMilliseconds);
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>408, 429 and 5xx.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>The answer's <c>Retry-After</c> (seconds or a date), capped at 30 s; null when absent.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        RetryConditionHeaderValue? header = response.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - now : null);
        return wait is { } w ? (w < TimeSpan.Zero ? TimeSpan.Zero : w > MaxPause ? MaxPause : w) : null;
    }

    private static TimeSpan Doubling(int attempt)
    {
        double ms = Math.Min(MaxPause.TotalMilliseconds, 500 * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(ms + Random.Shared.Next(0, 250));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push target {Target}: {Method} {Path} failed transiently ({Failure}), attempt {Attempt}; retrying in {PauseMs} ms")]
    private static partial void LogRetry(ILogger logger, string target, string method, string? path, string failure, int attempt, double pauseMs);
}
