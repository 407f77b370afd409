namespace P21.Connector.Storage;

/// <summary>Mappings per (connection, source, kind); keys are normalized by <see cref="MappingKey.Normalize"/> on every call.</summary>
public interface IMappingStore
{
    /// <summary>Returns the mapped value, or null when there is no mapping.</summary>
    Task<string?> GetAsync(string connection, string source, MappingKind kind, string key, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces a mapping and returns it as stored (with its normalized key).</summary>
    Task<Mapping> SetAsync(string connection, string source, MappingKind kind, string key, string value, CancellationToken cancellationToken = default);

    /// <summary>Deletes a mapping; false when there was none.</summary>
    Task<bool> DeleteAsync(string connection, string source, MappingKind kind, string key, CancellationToken cancellationToken = default);

    /// <summary>Streams every mapping of one kind, in key order of the store, page by page.</summary>
    IAsyncEnumerable<Mapping> ListAsync(string connection, string source, MappingKind kind, CancellationToken cancellationToken = default);
}
