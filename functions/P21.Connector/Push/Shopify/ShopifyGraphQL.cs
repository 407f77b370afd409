using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using Microsoft.Extensions.Logging;

namespace P21.Connector.Push.Shopify;

/// <summary>
/// The Shopify GraphQL Admin API transport: <c>POST https://{shop}/admin/api/{version}/graphql.json</c> with
/// <c>X-Shopify-Access-Token</c>. The calculated-cost bucket is tracked per target and shared by every adapter of that
/// shop (Shopify keeps one bucket per app and shop): a call waits when the last known bucket cannot pay for it, and a
/// <c>THROTTLED</c> answer waits (requested − available) / restore rate seconds.
/// </summary>
internal sealed partial class ShopifyGraphQL(PushHttp http, PushCredentials credentials, ILogger<ShopifyGraphQL> logger)
{
    /// <summary>The named HTTP client.</summary>
    public const string HttpClientName = "p21-push-shopify";

    /// <summary>How often a THROTTLED answer is waited out before the run stops.</summary>
    public const int MaxThrottledRetries = 10;

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>A string as a GraphQL (JSON) string literal.</summary>
    public static string Literal(string value) => JsonSerializer.Serialize(value, ShopifyStringContext.Default.String);

    /// <summary>Sends one GraphQL request and reads its answer, waiting out the cost bucket and THROTTLED answers.</summary>
    /// <exception cref="PushCredentialException">Shopify refused the token (it is dropped from the cache).</exception>
    /// <exception cref="PushRefusedException">A non-success status or top-level errors other than THROTTLED.</exception>
    public async Task<ShopifyResponse<T>> ExecuteAsync<T>(PushTarget target, byte[] body, JsonTypeInfo<ShopifyResponse<T>> type, PushCounters counters, CancellationToken cancellationToken)
    {
        string token = await credentials.GetAsync(target, cancellationToken).ConfigureAwait(false);
        Uri uri = target.Under($"admin/api/{Uri.EscapeDataString(target.Options.ShopifyApiVersion)}/graphql.json");
        var bucket = _buckets.GetOrAdd(target.Name, _ => new Bucket());
        for (int throttled = 0; ; throttled++)
        {
            TimeSpan wait = bucket.WaitFor(http.Time.GetUtcNow());
            if (wait > TimeSpan.Zero)
            {
                counters.ThrottledWait();
                LogBucketWait(logger, target.Name, wait.TotalMilliseconds);
                await Task.Delay(wait, http.Time, cancellationToken).ConfigureAwait(false);
            }

            using var response = await http.SendAsync(HttpClientName, target, () => new HttpRequestMessage(HttpMethod.Post, uri)
            {
                Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
                Headers = { { "X-Shopify-Access-Token", token } },
            }, null, counters, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                await credentials.InvalidateAsync(target, cancellationToken).ConfigureAwait(false);
                throw new PushCredentialException($"Shopify refused the access token named by {target.SettingPath}:CredentialSecret ('{target.Options.CredentialSecret}'): {(int)response.StatusCode}.");
            }

            string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new PushRefusedException($"Shopify answered {(int)response.StatusCode}: {Trim(text)}");
            }

            var answer = JsonSerializer.Deserialize(text, type) ?? throw new PushRefusedException("Shopify answered an empty body");
            var cost = answer.Extensions?.Cost;
            bucket.Observe(cost, http.Time.GetUtcNow());
            if (answer.Errors is { Count: > 0 } errors)
            {
                if (errors.Any(e => e.Extensions?.Code == "THROTTLED") && throttled < MaxThrottledRetries)
                {
                    counters.ThrottledWait();
                    TimeSpan pause = ThrottledPause(cost);
                    LogThrottled(logger, target.Name, pause.TotalMilliseconds);
                    await Task.Delay(pause, http.Time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw new PushRefusedException("Shopify: " + string.Join("; ", errors.Select(e => $"{e.Extensions?.Code} {e.Message}".Trim())));
            }

            return answer;
        }
    }

    /// <summary>(requested − currently available) / restore rate seconds, at least one second's worth when unknown.</summary>
    internal static TimeSpan ThrottledPause(ShopifyCost? cost)
    {
        if (cost?.ThrottleStatus is not { RestoreRate: > 0 } status)
        {
            return TimeSpan.FromSeconds(1);
        }

        double seconds = Math.Max(0, cost.RequestedQueryCost - status.CurrentlyAvailable) / status.RestoreRate;
        return TimeSpan.FromSeconds(Math.Clamp(seconds, 0.05, 60));
    }

    private static string Trim(string text) => text.Length <= 300 ? text : text[..300];

    [LoggerMessage(Level = LogLevel.Information, Message = "Push target {Target}: waiting {PauseMs} ms for the Shopify cost bucket")]
    private static partial void LogBucketWait(ILogger logger, string target, double pauseMs);
    [LoggerMessage(Level = LogLevel.Warning, Message = "Push target {Target}: Shopify answered THROTTLED; retrying in {PauseMs} ms")]
    private static partial void LogThrottled(ILogger logger, string target, double pauseMs);

    /// <summary>The last known cost bucket of one target, restored over time at its rate.</summary>
    private sealed class Bucket
    {
        private readonly Lock _gate = new();
        private double _available = double.MaxValue;
        private double _restoreRate;
        private double _maximum;
        private double _lastRequested;
        private DateTimeOffset _at;

        public void Observe(ShopifyCost? cost, DateTimeOffset now)
        {
            if (cost?.ThrottleStatus is not { } status)
            {
                return;
            }

            lock (_gate)
            {
                _available = status.CurrentlyAvailable;
                _restoreRate = status.RestoreRate;
                _maximum = status.MaximumAvailable;
                _lastRequested = Math.Max(_lastRequested, cost.RequestedQueryCost);
                _at = now;
            }
        }

        /// <summary>How long to wait until the bucket holds what the dearest call so far asked for.</summary>
        public TimeSpan WaitFor(DateTimeOffset now)
        {
            lock (_gate)
            {
                if (_restoreRate <= 0 || _available == double.MaxValue)
                {
                    return TimeSpan.Zero;
                }

                double need = Math.Min(_lastRequested, _maximum);
                double restored = Math.Min(_maximum, _available + ((now - _at).TotalSeconds * _restoreRate));
                return restored >= need ? TimeSpan.Zero : TimeSpan.FromSeconds((need - restored) / _restoreRate);
            }
        }
    }
}
