using System.Runtime.CompilerServices;

namespace P21.Connector.Storage;

/// <summary>In-process <see cref="IMappingStore"/>.</summary>
public sealed class InMemoryMappingStore(TimeProvider timeProvider) : IMappingStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Connection, string Source, string Kind), SortedDictionary<string, Mapping>> _mappings = [];

    /// <inheritdoc />
    public Task<string?> GetAsync(string connection, string source, MappingKind kind, string key, CancellationToken cancellationToken = default)
    {
        string normalized = Check(connection, source, kind, key);
        lock (_gate)
        {
            return Task.FromResult(_mappings.TryGetValue((connection, source, kind.Name), out var byKey) && byKey.TryGetValue(normalized, out var mapping) ? mapping.Value : null);
        }
    }

    /// <inheritdoc />
    public Task<Mapping> SetAsync(string connection, string source, MappingKind kind, string key, string value, CancellationToken cancellationToken = default)
    {
        string normalized = Check(connection, source, kind, key);
        ArgumentNullException.ThrowIfNull(value);
        var mapping = new Mapping(connection, source, kind, normalized, value, timeProvider.GetUtcNow());
        lock (_gate)
        {
            if (!_mappings.TryGetValue((connection, source, kind.Name), out var byKey))
            {
                _mappings[(connection, source, kind.Name)] = byKey = new SortedDictionary<string, Mapping>(StringComparer.Ordinal);
            }

            byKey[normalized] = mapping;
        }

        return Task.FromResult(mapping);
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string connection, string source, MappingKind kind, string key, CancellationToken cancellationToken = default)
    {
        string normalized = Check(connection, source, kind, key);
        lock (_gate)
        {
            return Task.FromResult(_mappings.TryGetValue((connection, source, kind.Name), out var byKey) && byKey.Remove(normalized));
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Mapping> ListAsync(string connection, string source, MappingKind kind, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(kind.Name);
        Mapping[] snapshot;
        lock (_gate)
        {
            snapshot = _mappings.TryGetValue((connection, source, kind.Name), out var byKey) ? [.. byKey.Values] : [];
        }

        foreach (var mapping in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return mapping;
        }
    }

    private static string Check(string connection, string source, MappingKind kind, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(kind.Name, nameof(kind));
        return MappingKey.Normalize(kind, key);
    }
}
