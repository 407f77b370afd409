namespace P21.Connector.Storage;

/// <summary>Watermarks per (connection, entity), advanced only under an ETag-guarded lease.</summary>
public interface IWatermarkStore
{
    /// <summary>Reads the watermark, or null when the entity was never polled.</summary>
    Task<Watermark?> GetAsync(string connection, string entity, CancellationToken cancellationToken = default);

    /// <summary>Takes the entity's lease for <paramref name="duration"/>; null when another owner holds an unexpired lease or won the race.</summary>
    Task<WatermarkLease?> TryAcquireLeaseAsync(string connection, string entity, string owner, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="position"/> (null resets to the beginning), adds <paramref name="rowsAdded"/> to the total
    /// and renews the lease. Succeeds only while the row is unchanged since <paramref name="lease"/> was issued.
    /// </summary>
    /// <returns>The renewed lease; use it for the next commit and for the release.</returns>
    /// <exception cref="WatermarkLeaseLostException">Another runner changed the row: stop without publishing more.</exception>
    Task<WatermarkLease> CommitAsync(WatermarkLease lease, string? position, long rowsAdded, CancellationToken cancellationToken = default);

    /// <summary>Gives the lease up; false when it was already lost (nothing to do then).</summary>
    Task<bool> ReleaseAsync(WatermarkLease lease, CancellationToken cancellationToken = default);
}
