using System.Net;
using System.Net.Http.Headers;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using P21.Connector.Secrets;

using Polly;
using Polly.Retry;

namespace P21.Connector.Events;

/// <summary>
/// POSTs each event (structured CloudEvent JSON) to a receiver with Standard Webhooks headers <c>webhook-id</c> (the event
/// id, so receivers dedupe), <c>webhook-timestamp</c> and <c>webhook-signature</c>. Retries 408/429/5xx and network
/// failures; any other non-2xx, or a failure after the retries, throws so the watermark does not move.
/// </summary>
public sealed partial class WebhookChangeSink : IChangeSink
{
    private readonly IHttpClientFactory _httpClients;
    private readonly ISecretSource _secrets;
    private readonly IOptionsMonitor<WebhookSinkOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookChangeSink> _logger;

    /// <summary>Creates the sink.</summary>
    public WebhookChangeSink(IHttpClientFactory httpClients, ISecretSource secrets, IOptionsMonitor<WebhookSinkOptions> options, TimeProvider time,
        ILogger<WebhookChangeSink> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClients);
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _httpClients = httpClients;
        _secrets = secrets;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    /// <exception cref="WebhookDeliveryException">The receiver refused an event or kept failing; earlier events were delivered.</exception>
    public async Task PublishAsync(IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        var options = _options.CurrentValue;
        var url = options.Url ?? throw new InvalidOperationException($"{WebhookSinkOptions.SectionName}:Url is not set.");
        if (url.Scheme != Uri.UriSchemeHttps && !url.IsLoopback)
        {
            throw new InvalidOperationException($"The webhook URL must be HTTPS (got {url.Scheme}); only loopback may use HTTP.");
        }

        // Read per batch (the source caches): a rotated secret is picked up without a restart.
        var secret = await _secrets.GetSecretAsync(options.SecretName, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Secret '{options.SecretName}' (webhook signing key) was not found.");
        var pipeline = BuildPipeline(options);
        var client = _httpClients.CreateClient(WebhookSinkOptions.HttpClientName);
        foreach (var changeEvent in events)
        {
            await DeliverAsync(client, pipeline, url, secret, changeEvent, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DeliverAsync(HttpClient client, ResiliencePipeline<HttpResponseMessage> pipeline, Uri url, string secret, ChangeEvent changeEvent,
        CancellationToken cancellationToken)
    {
        var body = CloudEventJson.SerializeToUtf8Bytes(changeEvent);
        using var response = await pipeline.ExecuteAsync(async token =>
        {
            // Signed per attempt: the timestamp is fresh, so a receiver's replay window accepts late retries.
            var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventJson.MediaType) { CharSet = "utf-8" };
            request.Headers.Add("webhook-id", changeEvent.Id);
            request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", WebhookSignature.Sign(secret, changeEvent.Id, timestamp, body));
            return await client.SendAsync(request, token).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        if (!response.IsSuccessStatusCode)
        {
            LogRefused(changeEvent.Id, changeEvent.Type, (int)response.StatusCode);
            throw new WebhookDeliveryException(changeEvent.Id, response.StatusCode);
        }
    }

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline(WebhookSinkOptions options)
    {
        if (options.MaxRetries == 0)
        {
            return ResiliencePipeline<HttpResponseMessage>.Empty;
        }

        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException } => true,
                    { Exception: TaskCanceledException } => !args.Context.CancellationToken.IsCancellationRequested,
                    { Result: { } r } => IsTransient(r.StatusCode),
                    _ => false,
                }),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook receiver refused event {EventId} ({EventType}) with HTTP {Status}")]
    private partial void LogRefused(string eventId, string eventType, int status);
}
