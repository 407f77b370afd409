namespace P21.Connector.Storage;

/// <summary>Content hashes per (connection, entity, key), used to drop records that did not change within the overlap window.</summary>
public interface IFingerprintStore
{
    /// <summary>Returns the stored hash of each key that has one; keys never seen are absent from the result.</summary>
    Task<IReadOnlyDictionary<string, string>> GetManyAsync(string connection, string entity, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);

    /// <summary>Stores the hashes (last one wins when a key repeats), in batch transactions of up to 100 rows per partition.</summary>
    Task UpsertManyAsync(string connection, string entity, IReadOnlyCollection<Fingerprint> fingerprints, CancellationToken cancellationToken = default);
}