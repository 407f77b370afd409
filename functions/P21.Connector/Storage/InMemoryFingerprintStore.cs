using System.Collections.Concurrent;

namespace P21.Connector.Storage;

/// <summary>In-process <see cref="IFingerprintStore"/>.</summary>
public sealed class InMemoryFingerprintStore : IFingerprintStore
{
    private readonly ConcurrentDictionary<(string Connection, string Entity, string Key), string> _hashes = new();

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, string>> GetManyAsync(string connection, string entity, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(entity);
        ArgumentNullException.ThrowIfNull(keys);
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string key in keys)
        {
            if (_hashes.TryGetValue((connection, entity, key), out string? hash))
            {
                found[key] = hash;
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, string>>(found);
    }

    /// <inheritdoc />
    public Task UpsertManyAsync(string connection, string entity, IReadOnlyCollection<Fingerprint> fingerprints, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(entity);
        ArgumentNullException.ThrowIfNull(fingerprints);
        foreach (var fingerprint in fingerprints)
        {
            ArgumentNullException.ThrowIfNull(fingerprint.Key);
            ArgumentNullException.ThrowIfNull(fingerprint.Hash);
            _hashes[(connection, entity, fingerprint.Key)] = fingerprint.Hash;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<FingerprintKeyPage> ListKeysAsync(string connection, string entity, string? after, int max, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(entity);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var keys = _hashes.Keys
            .Where(k => k.Connection == connection && k.Entity == entity && (after is null || string.CompareOrdinal(k.Key, after) > 0))
            .Select(k => k.Key)
            .Order(StringComparer.Ordinal)
            .Take(max + 1)
            .ToList();
        var page = keys.Take(max).ToList();
        return Task.FromResult(new FingerprintKeyPage(page, keys.Count > max ? page[^1] : null));
    }

    /// <inheritdoc />
    public Task DeleteManyAsync(string connection, string entity, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(entity);
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            _hashes.TryRemove((connection, entity, key), out _);
        }

        return Task.CompletedTask;
    }
}
