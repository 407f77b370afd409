namespace P21.Connector.Storage;

/// <summary>Named schema snapshots per connection (any size: stored in chunks like parked payloads).</summary>
public interface ISchemaSnapshotStore
{
    /// <summary>Saves (or replaces) the snapshot <paramref name="name"/>.</summary>
    Task<SchemaSnapshot> SaveAsync(string connection, string name, string json, CancellationToken cancellationToken = default);

    /// <summary>Loads the snapshot, or null when none was saved under that name.</summary>
    Task<SchemaSnapshot?> LoadAsync(string connection, string name, CancellationToken cancellationToken = default);
}
