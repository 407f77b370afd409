using System.Net;
using System.Text;
using System.Text.Json;

using Microsoft.Extensions.Logging;

using P21.Connector.Client.Http;
using P21.Connector.Connections;
using P21.Connector.Secrets;

namespace P21.Connector.Client.Auth;

/// <summary>
/// Mints and caches one connection's bearer token. Concurrent callers share one mint (single-flight); the token
/// is replaced ahead of expiry (<see cref="P21Token.RenewAt"/>). A mint refused with 401/403 re-reads the secret
/// once (it may have rotated) before giving up with <see cref="P21AuthenticationException"/>.
/// </summary>
internal sealed partial class P21TokenSource
{
    private readonly P21ConnectionOptions _options;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly ISecretSource _secrets;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private P21Token? _current;
    private Task<P21Token>? _minting;

    public P21TokenSource(
        P21ConnectionOptions options, IHttpClientFactory httpClientFactory, ISecretSource secrets, TimeProvider timeProvider, ILogger logger)
    {
        _options = options;
        _httpClientFactory = httpClientFactory;
        _secrets = secrets;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>How many tokens this source minted (diagnostics and tests).</summary>
    public int MintCount { get; private set; }

    /// <summary>
    /// The cached token, or a fresh one when none is cached or it is due for renewal. When renewal fails while the
    /// cached token has not expired yet, the cached token is used and renewal is tried again on the next call.
    /// </summary>
    public async Task<P21Token> GetTokenAsync(CancellationToken cancellationToken)
    {
        Task<P21Token> mint;
        P21Token? stillValid;
        lock (_gate)
        {
            DateTimeOffset now = _timeProvider.GetUtcNow();
            if (_current is { } token && now < token.RenewAt)
            {
                return token;
            }

            stillValid = _current is { } current && now < current.ExpiresAt ? current : null;
            mint = StartMint(rereadSecret: false);
        }

        if (stillValid is null)
        {
            return await mint.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await mint.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (P21RequestFailedException ex)
        {
            LogRenewalFailed(_logger, _options.Name, ex.Status, stillValid.ExpiresAt);
            return stillValid;
        }
    }

    /// <summary>
    /// A token other than <paramref name="rejected"/>: the one another caller already renewed, or a new mint
    /// (after dropping the cached secret when <paramref name="rereadSecret"/>).
    /// </summary>
    public Task<P21Token> RenewAsync(P21Token rejected, bool rereadSecret, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_current is { } token && !ReferenceEquals(token, rejected) && _timeProvider.GetUtcNow() < token.RenewAt)
            {
                return Task.FromResult(token);
            }

            if (ReferenceEquals(_current, rejected))
            {
                _current = null;
            }

            return StartMint(rereadSecret).WaitAsync(cancellationToken);
        }
    }

    private string? SecretName => _options.AuthMode == P21AuthMode.ConsumerKey ? _options.ConsumerKeySecretName : _options.PasswordSecretName;

    // Called under _gate. The mint runs on its own: one caller giving up must not cancel it for the others.
    private Task<P21Token> StartMint(bool rereadSecret)
    {
        return _minting ??= MintAsync(rereadSecret);
    }

    private async Task<P21Token> MintAsync(bool rereadSecret)
    {
        await Task.Yield();
        try
        {
            P21Token token = await MintCoreAsync(rereadSecret).ConfigureAwait(false);
            lock (_gate)
            {
                _current = token;
                MintCount++;
            }

            LogMinted(_logger, _options.Name, _options.AuthMode, token.ExpiresAt);
            return token;
        }
        finally
        {
            lock (_gate)
            {
                _minting = null;
            }
        }
    }

    private async Task<P21Token> MintCoreAsync(bool rereadSecret)
    {
        string secretName = SecretName ?? throw Refused("no secret name is configured", null);
        if (rereadSecret)
        {
            await _secrets.InvalidateAsync(secretName).ConfigureAwait(false);
        }

        (HttpStatusCode status, P21Token? token, HttpResponseMessage? failure) = await RequestAsync(secretName).ConfigureAwait(false);
        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden && !rereadSecret)
        {
            // The secret may have rotated since we cached it: read it again before declaring the credentials wrong.
            failure?.Dispose();
            LogCredentialRefused(_logger, _options.Name, (int)status, secretName);
            await _secrets.InvalidateAsync(secretName).ConfigureAwait(false);
            (status, token, failure) = await RequestAsync(secretName).ConfigureAwait(false);
        }

        using (failure)
        {
            if (token is not null)
            {
                return token;
            }

            if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw Refused($"P21 answered HTTP {(int)status} to the token request", secretName);
            }

            if (failure is not null && !failure.IsSuccessStatusCode)
            {
                throw await P21ErrorParser.CreateAsync(failure, _options.Name, "token request", CancellationToken.None).ConfigureAwait(false);
            }

            throw new P21RequestFailedException(
                $"P21 token request on connection '{_options.Name}' returned no AccessToken (neither JSON nor XML TokenResponse).",
                status: (int)status,
                isTransient: false,
                hint: $"check that P21:Connections:{_options.Name}:BaseUrl points at the P21 middleware (the host serving /api/security/token/v2)");
        }
    }

    private async Task<(HttpStatusCode Status, P21Token? Token, HttpResponseMessage? Failure)> RequestAsync(string secretName)
    {
        string secret = await _secrets.GetSecretAsync(secretName).ConfigureAwait(false)
            ?? throw Refused($"the secret '{secretName}' does not exist", secretName);

        (Uri uri, byte[]? body) = BuildRequest(secret);
        HttpClient client = _httpClientFactory.CreateClient(P21HttpClientNames.For(_options.Name));
        HttpResponseMessage response;
        if (_options.AuthMode == P21AuthMode.LegacyHeaders)
        {
            response = await SendLegacyAsync(client, uri, secret).ConfigureAwait(false);
        }
        else
        {
            response = await P21HttpTransport.SendAsync(
                client, HttpMethod.Post, uri, body, P21RequestKind.Token, _options.Name, "token request", CancellationToken.None).ConfigureAwait(false);
        }

        if (!response.IsSuccessStatusCode)
        {
            return (response.StatusCode, null, response);
        }

        using (response)
        {
            string text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            P21Token? token = P21TokenParser.Parse(text, _timeProvider.GetUtcNow());
            return (response.StatusCode, token, null);
        }
    }

    private (Uri Uri, byte[]? Body) BuildRequest(string secret)
    {
        Uri baseUrl = P21Uris.WithTrailingSlash(_options.BaseUrl!);
        return _options.AuthMode switch
        {
            P21AuthMode.LegacyHeaders => (new Uri(baseUrl, "api/security/token"), null),
            P21AuthMode.ConsumerKey => (new Uri(baseUrl, "api/security/token/v2"),
                JsonSerializer.SerializeToUtf8Bytes(
                    new ConsumerKeyTokenRequest("client_credentials", secret, string.IsNullOrEmpty(_options.UserName) ? null : _options.UserName),
                    P21JsonContext.Default.ConsumerKeyTokenRequest)),
            _ => (new Uri(baseUrl, "api/security/token/v2"),
                JsonSerializer.SerializeToUtf8Bytes(new UserPasswordTokenRequest(_options.UserName!, secret), P21JsonContext.Default.UserPasswordTokenRequest)),
        };
    }

    // v1 takes the credentials as request headers and an empty body; kept only for old middleware.
    private async Task<HttpResponseMessage> SendLegacyAsync(HttpClient client, Uri uri, string secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent([]) };
        request.Headers.TryAddWithoutValidation("username", _options.UserName);
        request.Headers.TryAddWithoutValidation("password", secret);
        request.Options.Set(P21RequestOptions.Kind, P21RequestKind.Token);
        request.Options.Set(P21RequestOptions.Operation, "token request");
        try
        {
            return await client.SendAsync(request, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException or TaskCanceledException)
        {
            throw new P21RequestFailedException(
                $"P21 token request on connection '{_options.Name}' failed: {ex.Message}",
                0,
                isTransient: true,
                errorCode: ex.GetType().Name,
                hint: $"check P21:Connections:{_options.Name}:BaseUrl, DNS, TLS and the firewall",
                innerException: ex);
        }
    }

    private P21AuthenticationException Refused(string what, string? secretName)
    {
        string credential = _options.AuthMode switch
        {
            P21AuthMode.ConsumerKey => $"the consumer key in secret '{secretName}' (P21:Connections:{_options.Name}:ConsumerKeySecretName)"
                + (string.IsNullOrEmpty(_options.UserName) ? "" : $" acting as user '{_options.UserName}'"),
            _ => $"user '{_options.UserName}' (P21:Connections:{_options.Name}:UserName) with the password in secret '{secretName}' (P21:Connections:{_options.Name}:PasswordSecretName)",
        };
        string hint = $"check {credential}; store the current value in Key Vault (locally Secrets:{secretName}); the P21 user must be active and allowed to use the API";
        string message = new StringBuilder()
            .Append("P21 refused the ").Append(_options.AuthMode).Append(" credentials of connection '").Append(_options.Name)
            .Append("': ").Append(what).Append(" (after re-reading the secret). Fix: ").Append(hint).Append('.')
            .ToString();
        return new P21AuthenticationException(message, 401, errorCode: "CredentialsRefused", hint: hint);
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "P21 token minted for connection {Connection} ({AuthMode}); expires {ExpiresAt:O}")]
    private static partial void LogMinted(ILogger logger, string connection, P21AuthMode authMode, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "P21 token renewal for connection {Connection} failed (status {Status}); using the current token until it expires at {ExpiresAt:O}")]
    private static partial void LogRenewalFailed(ILogger logger, string connection, int status, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "P21 refused the credentials of connection {Connection} (HTTP {Status}); re-reading secret {SecretName}")]
    private static partial void LogCredentialRefused(ILogger logger, string connection, int status, string secretName);
}

/// <summary>v2 token request with user name and password.</summary>
internal sealed record UserPasswordTokenRequest(
    [property: System.Text.Json.Serialization.JsonPropertyName("username")] string Username,
    [property: System.Text.Json.Serialization.JsonPropertyName("password")] string Password);

/// <summary>v2 token request with a consumer key, optionally acting as a P21 user.</summary>
internal sealed record ConsumerKeyTokenRequest(
    string GrantType,
    string ClientSecret,
    [property: System.Text.Json.Serialization.JsonPropertyName("username")] string? Username);
