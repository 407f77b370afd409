using System.Collections.Concurrent;

using Azure;
using Azure.Security.KeyVault.Secrets;

using Microsoft.Extensions.Logging;

namespace P21.Connector.Secrets;

/// <summary>
/// Reads secrets from Azure Key Vault and keeps each value for a while, so a busy host asks the vault rarely; a
/// rotated secret is picked up when the entry expires or right after <see cref="InvalidateAsync"/>.
/// </summary>
/// <remarks>Only secret names are ever logged, never values.</remarks>
public sealed partial class KeyVaultSecretSource : ISecretSource
{
    private readonly SecretClient _client;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _cacheDuration;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, CachedSecret> _cache = new(StringComparer.Ordinal);

    /// <summary>Creates the source over <paramref name="client"/>.</summary>
    public KeyVaultSecretSource(SecretClient client, TimeProvider timeProvider, TimeSpan cacheDuration, ILogger<KeyVaultSecretSource> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(cacheDuration, TimeSpan.Zero);
        _client = client;
        _timeProvider = timeProvider;
        _cacheDuration = cacheDuration;
        _logger = logger;
    }

    /// <inheritdoc />
    /// <exception cref="RequestFailedException">The vault refused the request (other than "not found"), e.g. a missing role assignment.</exception>
    public async ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var now = _timeProvider.GetUtcNow();
        if (_cache.TryGetValue(name, out var cached) && cached.ExpiresUtc > now)
        {
            return cached.Value;
        }

        try
        {
            var response = await _client.GetSecretAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
            string value = response.Value.Value;
            _cache[name] = new CachedSecret(value, now + _cacheDuration);
            LogSecretRead(name, response.Value.Properties.Version);
            return value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Misses are not cached: the operator's fix (adding the secret) must work without a restart.
            _cache.TryRemove(name, out _);
            LogSecretMissing(name);
            return null;
        }
    }

    /// <inheritdoc />
    public ValueTask InvalidateAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_cache.TryRemove(name, out _))
        {
            LogSecretInvalidated(name);
        }

        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Read secret {SecretName} (version {SecretVersion}) from Key Vault")]
    private partial void LogSecretRead(string secretName, string? secretVersion);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Secret {SecretName} does not exist in Key Vault")]
    private partial void LogSecretMissing(string secretName);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Dropped cached secret {SecretName}; the next read asks Key Vault")]
    private partial void LogSecretInvalidated(string secretName);

    private sealed record CachedSecret(string Value, DateTimeOffset ExpiresUtc);
}
