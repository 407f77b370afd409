using System.Buffers.Binary;
using System.Collections.Concurrent;

namespace P21.Connector.Storage;

/// <summary>In-process <see cref="IFingerprintStore"/>.</summary>
/// <remarks>
/// Compact because a backfill keeps one fingerprint per record (400k for 100k items and their inventory): a SHA-256 hex
/// hash is held as its 32 bytes inline in the dictionary entry rather than as a 64-character string, and keys are
/// grouped per (connection, entity) instead of carrying both names in every entry. Half the memory of the plain form.
/// </remarks>
public sealed class InMemoryFingerprintStore : IFingerprintStore
{
    private readonly ConcurrentDictionary<(string Connection, string Entity), ConcurrentDictionary<string, StoredHash>> _entities = new();

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, string>> GetManyAsync(string connection, string entity, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(entity);
        ArgumentNullException.ThrowIfNull(keys);
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        if (_entities.TryGetValue((connection, entity), out var hashes))
        {
            foreach (string key in keys)
            {
                if (hashes.TryGetValue(key, out var hash))
                {
                    found[key] = hash.ToString();
                }
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
        var hashes = _entities.GetOrAdd((connection, entity), static _ => new ConcurrentDictionary<string, StoredHash>(StringComparer.Ordinal));
        foreach (var fingerprint in fingerprints)
        {
            ArgumentNullException.ThrowIfNull(fingerprint.Key);
            ArgumentNullException.ThrowIfNull(fingerprint.Hash);
            hashes[fingerprint.Key] = StoredHash.From(fingerprint.Hash);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<FingerprintKeyPage> ListKeysAsync(string connection, string entity, string? after, int max, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(entity);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (!_entities.TryGetValue((connection, entity), out var hashes))
        {
            return Task.FromResult(new FingerprintKeyPage([], null));
        }

        var keys = hashes.Keys
            .Where(key => after is null || string.CompareOrdinal(key, after) > 0)
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
        if (_entities.TryGetValue((connection, entity), out var hashes))
        {
            foreach (var key in keys)
            {
                hashes.TryRemove(key, out _);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>A 64-digit lowercase hex hash as four words, or any other text as it is.</summary>
    private readonly record struct StoredHash(ulong A, ulong B, ulong C, ulong D, string? Text)
    {
        public static StoredHash From(string hash)
        {
            Span<byte> bytes = stackalloc byte[32];
            return hash.Length == 64 && IsLowerHex(hash) && Convert.FromHexString(hash, bytes, out _, out int written) == System.Buffers.OperationStatus.Done && written == 32
                ? new StoredHash(
                    BinaryPrimitives.ReadUInt64BigEndian(bytes),
                    BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
                    BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
                    BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]),
                    null)
                : new StoredHash(0, 0, 0, 0, hash);
        }

        public override string ToString()
        {
            if (Text is not null)
            {
                return Text;
            }

            Span<byte> bytes = stackalloc byte[32];
            BinaryPrimitives.WriteUInt64BigEndian(bytes, A);
            BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], B);
            BinaryPrimitives.WriteUInt64BigEndian(bytes[16..], C);
            BinaryPrimitives.WriteUInt64BigEndian(bytes[24..], D);
            return Convert.ToHexStringLower(bytes);
        }

        // Upper-case hex would come back lower-case: kept as text so a hash always reads back exactly as written.
        private static bool IsLowerHex(string text) => text.AsSpan().IndexOfAnyExcept("0123456789abcdef") < 0;
    }
}
