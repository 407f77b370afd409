using System.Net;
using System.Text.Json;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using P21.Connector.Secrets;

namespace P21.Connector.Amazon;

/// <summary>
/// Login with Amazon access tokens for SP-API calls, by the refresh-token grant (<c>POST</c> form
/// <c>grant_type=refresh_token</c>, <c>refresh_token</c>, <c>client_id</c>, <c>client_secret</c>; answer
/// <c>access_token</c> and <c>expires_in</c>, 3600 s: developer.amazon.com/docs/login-with-amazon/access-token.html and
/// …/amazon-data-portability/use-refresh-token.html). One token is shared by every call and renewed 60 s before it
/// expires on the injected clock; concurrent callers wait for the one renewal in flight rather than each asking LWA.
/// Tokens and secrets are never logged nor put in a message.
/// </summary>
internal sealed partial class LwaTokens(
    IHttpClientFactory clients,
    IOptionsMonitor<AmazonOptions> options,
    ISecretSource secrets,
    TimeProvider time,
    ILogger<LwaTokens> logger)
{
    /// <summary>The named HTTP client token calls go through.</summary>
    public const string HttpClientName = "amazon-lwa";

    /// <summary>How long before its expiry a token is renewed, so a call never leaves with one about to lapse.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _renewal = new(1, 1);
    private AccessToken? _current;

    /// <summary>Returns a token valid for at least <see cref="RenewBefore"/>, asking LWA only when the cached one is not.</summary>
    /// <exception cref="AmazonAuthException">LWA refused the credentials, or a secret is missing.</exception>
    public async ValueTask<string> GetAsync(CancellationToken cancellationToken)
    {
        if (Usable(Volatile.Read(ref _current)) is { } cached)
        {
            return cached;
        }

        await _renewal.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Whoever renewed while this caller waited has left a fresh token.
            if (Usable(Volatile.Read(ref _current)) is { } renewed)
            {
                return renewed;
            }

            AccessToken token = await RenewAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _current, token);
            return token.Value;
        }
        finally
        {
            _renewal.Release();
        }
    }

    /// <summary>
    /// Drops the cached token if it is still <paramref name="rejected"/> (SP-API answered 403 for it), so the next
    /// <see cref="GetAsync"/> renews; a token another caller already replaced is left alone.
    /// </summary>
    public void Invalidate(string rejected)
    {
        AccessToken? current = Volatile.Read(ref _current);
        if (current is not null && string.Equals(current.Value, rejected, StringComparison.Ordinal))
        {
            Interlocked.CompareExchange(ref _current, null, current);
        }
    }

    private string? Usable(AccessToken? token) =>
        token is not null && time.GetUtcNow() < token.ExpiresAt - RenewBefore ? token.Value : null;

    private async Task<AccessToken> RenewAsync(CancellationToken cancellationToken)
    {
        AmazonOptions o = options.CurrentValue;
        string clientSecret = await SecretAsync(o.ClientSecretName, nameof(AmazonOptions.ClientSecretName), cancellationToken).ConfigureAwait(false);
        string refreshToken = await SecretAsync(o.RefreshTokenName, nameof(AmazonOptions.RefreshTokenName), cancellationToken).ConfigureAwait(false);
        Uri endpoint = AmazonAddress.Parse(o.TokenEndpoint, out _) ?? throw new AmazonAuthException($"{AmazonOptions.SectionName}:TokenEndpoint is not usable");
        HttpClient client = clients.CreateClient(HttpClientName);
        string last = "";
        for (int attempt = 1; ; attempt++)
        {
            using var form = new FormUrlEncodedContent(
            [
                new("grant_type", "refresh_token"),
                new("refresh_token", refreshToken),
                new("client_id", o.ClientId ?? ""),
                new("client_secret", clientSecret),
            ]);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(AttemptTimeout);
            try
            {
                DateTimeOffset asked = time.GetUtcNow();
                using var response = await client.PostAsync(endpoint, form, timeout.Token).ConfigureAwait(false);
                string body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
                LwaAnswer? answer = Read(body);
                if (response.IsSuccessStatusCode && answer?.AccessToken is { Length: > 0 } value)
                {
                    // Counted from when it was asked for, so the time on the wire never makes a token look younger.
                    var token = new AccessToken(value, asked + TimeSpan.FromSeconds(answer.ExpiresIn ?? 3600));
                    LogRenewed(logger, answer.ExpiresIn ?? 3600);
                    return token;
                }

                if (!SpApiRetry.IsTransient(response.StatusCode))
                {
                    throw await RefusedAsync(o, answer, response.StatusCode, cancellationToken).ConfigureAwait(false);
                }

                last = $"{(int)response.StatusCode} {response.ReasonPhrase}";
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                last = e is OperationCanceledException ? "timed out" : "connection failed";
            }

            if (attempt >= o.MaxAttempts)
            {
                throw new SpApiException("LwaUnavailable", $"Login with Amazon still failing after {attempt} attempts ({last})", HttpStatusCode.ServiceUnavailable);
            }

            TimeSpan pause = SpApiRetry.Doubling(attempt);
            LogRetry(logger, last, attempt, pause.TotalMilliseconds);
            await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<AmazonAuthException> RefusedAsync(AmazonOptions o, LwaAnswer? answer, HttpStatusCode status, CancellationToken cancellationToken)
    {
        string error = answer?.Error ?? $"HTTP {(int)status}";
        LogRefused(logger, error, (int)status);
        const string S = AmazonOptions.SectionName;
        if (error == "invalid_grant")
        {
            // A rotated secret is read again on the next try rather than the revoked one from the cache.
            await secrets.InvalidateAsync(o.RefreshTokenName!, cancellationToken).ConfigureAwait(false);
            return new AmazonAuthException(
                $"Login with Amazon refused the refresh token (invalid_grant): it was revoked or belongs to another application. " +
                $"Authorize the app again in Seller Central and store the new refresh token in the secret named by {S}:RefreshTokenName ('{o.RefreshTokenName}').");
        }

        if (error is "invalid_client" or "unauthorized_client")
        {
            await secrets.InvalidateAsync(o.ClientSecretName!, cancellationToken).ConfigureAwait(false);
            return new AmazonAuthException(
                $"Login with Amazon refused the client ({error}): check {S}:ClientId and the secret named by {S}:ClientSecretName ('{o.ClientSecretName}').");
        }

        return new AmazonAuthException($"Login with Amazon refused the token request ({error}); check {S}:ClientId, {S}:ClientSecretName and {S}:RefreshTokenName.");
    }

    private async Task<string> SecretAsync(string? name, string setting, CancellationToken cancellationToken)
    {
        string path = $"{AmazonOptions.SectionName}:{setting}";
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new AmazonAuthException($"{path} is not set");
        }

        return await secrets.GetSecretAsync(name, cancellationToken).ConfigureAwait(false) is { Length: > 0 } value
            ? value
            : throw new AmazonAuthException($"The secret '{name}' named by {path} does not exist or is empty");
    }

    private static LwaAnswer? Read(string body)
    {
        try
        {
            return body.Length == 0 ? null : JsonSerializer.Deserialize(body, AmazonJsonContext.Default.LwaAnswer);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record AccessToken(string Value, DateTimeOffset ExpiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Login with Amazon issued an access token valid for {ExpiresInSeconds} s")]
    private static partial void LogRenewed(ILogger logger, int expiresInSeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Login with Amazon refused the token request: {Error} (HTTP {Status})")]
    private static partial void LogRefused(ILogger logger, string error, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Login with Amazon failed transiently ({Failure}), attempt {Attempt}; retrying in {PauseMs} ms")]
    private static partial void LogRetry(ILogger logger, string failure, int attempt, double pauseMs);
}
