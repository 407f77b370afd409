using System.Diagnostics;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using P21.Connector.Client.Auth;
using P21.Connector.Client.Http;
using P21.Connector.Client.Models;
using P21.Connector.Client.OData;
using P21.Connector.Connections;

namespace P21.Connector.Client;

/// <summary>
/// The one client every P21 call goes through, for one connection: OData reads (offset and keyset paging),
/// the Transaction API, GL journals, sales orders, metadata and a health probe. Get it from
/// <see cref="IP21ClientProvider"/>. Thread-safe; async only, by choice (every host we run is async).
/// </summary>
/// <remarks>
/// Every request carries <c>Accept: application/json</c> and a cached bearer token (renewed ahead of expiry,
/// re-minted on a 401), runs through a Polly pipeline (timeouts, retries of idempotent requests only, circuit
/// breaker) and a per-connection concurrency bound. Failures surface as <see cref="P21RequestFailedException"/>
/// or one of its subtypes.
/// </remarks>
public partial class P21Client
{
    private readonly P21ConnectionOptions _options = null!;
    private readonly IHttpClientFactory _httpClientFactory = null!;
    private readonly P21TokenSource _tokens = null!;
    private readonly TimeProvider _timeProvider = null!;
    private readonly ILogger _logger = NullLogger.Instance;
    private readonly SemaphoreSlim _uiServerGate = new(1, 1);
    private Uri? _uiServer;

    internal P21Client(
        P21ConnectionOptions options, IHttpClientFactory httpClientFactory, P21TokenSource tokens, TimeProvider timeProvider, ILogger<P21Client> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.BaseUrl);
        _options = options;
        _httpClientFactory = httpClientFactory;
        _tokens = tokens;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>For mocking only.</summary>
    protected P21Client()
    {
    }

    /// <summary>The connection's name (the key under <c>P21:Connections</c>).</summary>
    public virtual string ConnectionName => _options.Name;

    /// <summary>The P21 server's offset from UTC, used for filters and for timestamps without an offset.</summary>
    public virtual TimeSpan ServerUtcOffset => _options.ServerUtcOffset;

    private Uri BaseUrl => _options.BaseUrl!;

    /// <summary>
    /// Discovers the UI server (Transaction API host) from <c>/api/ui/router/v1/?urlType=external</c>; cached after
    /// the first success. Follows 307 redirects and reads JSON or XML answers.
    /// </summary>
    /// <exception cref="P21RequestFailedException">P21 failed or answered without a URL.</exception>
    public virtual async Task<Uri> GetUiServerAsync(CancellationToken cancellationToken = default)
    {
        if (_uiServer is { } cached)
        {
            return cached;
        }

        await _uiServerGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_uiServer is { } again)
            {
                return again;
            }

            using Activity? activity = StartActivity(nameof(GetUiServerAsync));
            try
            {
                Uri uri = P21Uris.Combine(BaseUrl, "api/ui/router/v1/?urlType=external");
                using HttpResponseMessage response = await SendAsync(HttpMethod.Get, uri, null, P21RequestKind.Read, nameof(GetUiServerAsync), cancellationToken).ConfigureAwait(false);
                string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                string? url = ReadRouterUrl(body);
                if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out Uri? uiServer))
                {
                    throw new P21RequestFailedException(
                        $"P21 UI server discovery on connection '{ConnectionName}' returned no usable Url.",
                        (int)response.StatusCode,
                        isTransient: false,
                        responseBody: Truncate(body),
                        hint: "the middleware's UI router is not configured; check SOA Admin");
                }

                _uiServer = uiServer;
                return uiServer;
            }
            catch (Exception ex)
            {
                Fail(activity, nameof(GetUiServerAsync), ex);
                throw;
            }
        }
        finally
        {
            _uiServerGate.Release();
        }
    }

    /// <summary>
    /// Checks the connection: mints a token, then reads <c>customer?$top=1</c>. Never throws for a P21 failure;
    /// the result's <see cref="ConnectionProbe.Error"/> says what to fix.
    /// </summary>
    public virtual async Task<ConnectionProbe> ProbeAsync(CancellationToken cancellationToken = default)
    {
        using Activity? activity = StartActivity(nameof(ProbeAsync));
        long started = _timeProvider.GetTimestamp();
        bool reachable = false;
        bool authenticated = false;
        string? error = null;
        try
        {
            await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            reachable = true;
            authenticated = true;
            Uri uri = ODataUri.Collection(BaseUrl, ODataSurface.Table, "customer", top: 1);
            await foreach (P21Row _ in ReadRowsAsync(uri, nameof(ProbeAsync), cancellationToken).ConfigureAwait(false))
            {
                // One row proves the read path; nothing to keep.
            }
        }
        catch (P21AuthenticationException ex)
        {
            reachable = true;
            authenticated = false;
            error = ex.Message;
        }
        catch (P21RequestFailedException ex)
        {
            reachable = ex.Status != 0;
            error = ex.Status == 0
                ? $"{ex.Message} (BaseUrl {BaseUrl})"
                : ex.Message;
        }

        if (error is not null)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "probe failed");
        }

        return new ConnectionProbe(ConnectionName, reachable, authenticated, _timeProvider.GetElapsedTime(started), error);
    }

    internal async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, Uri uri, byte[]? jsonBody, P21RequestKind kind, string operation, CancellationToken cancellationToken, bool allowNotFound = false)
    {
        HttpClient client = _httpClientFactory.CreateClient(P21HttpClientNames.For(ConnectionName));
        HttpResponseMessage response = await P21HttpTransport.SendAsync(
            client, method, uri, jsonBody, kind, ConnectionName, operation, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode || (allowNotFound && response.StatusCode == System.Net.HttpStatusCode.NotFound))
        {
            return response;
        }

        using (response)
        {
            throw await P21ErrorParser.CreateAsync(response, ConnectionName, operation, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? ReadRouterUrl(string body)
    {
        string trimmed = body.TrimStart('\uFEFF', ' ', '\r', '\n', '\t');
        if (trimmed.StartsWith('<'))
        {
            try
            {
                return XDocument.Parse(trimmed).Descendants()
                    .FirstOrDefault(e => e.Name.LocalName.Equals("Url", StringComparison.OrdinalIgnoreCase))?.Value.Trim();
            }
            catch (XmlException)
            {
                return null;
            }
        }

        try
        {
            using var document = JsonDocument.Parse(trimmed);
            JsonElement root = document.RootElement;
            if (root.ValueKind == JsonValueKind.String)
            {
                return root.GetString();
            }

            if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty property in root.EnumerateObject())
                {
                    if (property.Name.Equals("Url", StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
                    {
                        return property.Value.GetString();
                    }
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    private static string Truncate(string body) =>
        body.Length <= P21ErrorParser.MaxBodyChars ? body : body[..P21ErrorParser.MaxBodyChars] + "…";

    private Activity? StartActivity(string operation)
    {
        Activity? activity = P21Telemetry.ActivitySource.StartActivity("P21Client." + operation, ActivityKind.Client);
        activity?.SetTag(P21Telemetry.ConnectionTag, ConnectionName);
        return activity;
    }

    private void Fail(Activity? activity, string operation, Exception exception)
    {
        if (exception is OperationCanceledException)
        {
            return;
        }

        int status = exception is P21RequestFailedException failed ? failed.Status : 0;
        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        activity?.AddException(exception);
        P21Telemetry.RecordError(ConnectionName, operation, status);
        LogCallFailed(_logger, ConnectionName, operation, status, exception is P21RequestFailedException { IsTransient: true });
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "P21 call {Operation} on connection {Connection} failed with status {Status} (transient: {Transient})")]
    private static partial void LogCallFailed(ILogger logger, string connection, string operation, int status, bool transient);
}
