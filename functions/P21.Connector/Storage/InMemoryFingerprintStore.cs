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
}