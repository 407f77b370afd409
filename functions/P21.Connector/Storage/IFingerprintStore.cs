namespace P21.Connector.Storage;

/// <summary>Content hashes per (connection, entity, key), used to drop records that did not change within the overlap window.</summary>
public interface IFingerprintStore
{
    /// <summary>Returns the stored hash of each key that has one; keys never seen are absent from the result.</summary>
    Task<IReadOnlyDictionary<string, string>> GetManyAsync(string connection, string entity, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);

    /// <summary>Stores the hashes (last one wins when a key repeats), in batch transactions of up to 100 rows per partition.</summary>
    Task UpsertManyAsync(string connection, string entity, IReadOnlyCollection<Fingerprint> fingerprints, CancellationToken cancellationToken = default);

    /// <summary>
    /// One keyset page of the entity's stored keys, in the store's own stable order. Pass the previous page's
    /// <see cref="FingerprintKeyPage.Next"/> as <paramref name="after"/> (null for the first page); keys deleted meanwhile
    /// never shift a page. Memory holds one page.
    /// </summary>
    /// <param name="connection">The connection.</param>
    /// <param name="entity">The entity.</param>
    /// <param name="after">The cursor of the previous page, or null.</param>
    /// <param name="max">Most keys per page (1–1000).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<FingerprintKeyPage> ListKeysAsync(string connection, string entity, string? after, int max, CancellationToken cancellationToken = default);

    /// <summary>Removes the fingerprints of <paramref name="keys"/>; absent keys are ignored.</summary>
    Task DeleteManyAsync(string connection, string entity, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);
}

/// <summary>A page of stored fingerprint keys.</summary>
/// <param name="Keys">The keys of this page.</param>
/// <param name="Next">An opaque cursor for the next page, or null when this was the last.</param>
public sealed record FingerprintKeyPage(IReadOnlyList<string> Keys, string? Next);
