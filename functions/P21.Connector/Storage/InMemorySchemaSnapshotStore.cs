using System.Collections.Concurrent;

namespace P21.Connector.Storage;

/// <summary>In-process <see cref="ISchemaSnapshotStore"/>.</summary>
public sealed class InMemorySchemaSnapshotStore(TimeProvider timeProvider) : ISchemaSnapshotStore
{
    private readonly ConcurrentDictionary<(string Connection, string Name), SchemaSnapshot> _snapshots = new();

    /// <inheritdoc />
    public Task<SchemaSnapshot> SaveAsync(string connection, string name, string json, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(json);
        var snapshot = new SchemaSnapshot(connection, name, json, timeProvider.GetUtcNow());
        _snapshots[(connection, name)] = snapshot;
        return Task.FromResult(snapshot);
    }

    /// <inheritdoc />
    public Task<SchemaSnapshot?> LoadAsync(string connection, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Task.FromResult(_snapshots.GetValueOrDefault((connection, name)));
    }
}
