namespace P21.Connector.Storage;

/// <summary>Watermarks per (connection, entity), advanced only under an ETag-guarded lease.</summary>
public interface IWatermarkStore
{
    /// <summary>Reads the watermark, or null when the entity was never polled.</summary>
    Task<Watermark?> GetAsync(string connection, string entity, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the entity's lease for <paramref name="duration"/>; null when another owner holds an unexpired lease or won
    /// the race. With <paramref name="takeOverFrom"/> an unexpired lease is broken too, but only while that owner still
    /// holds it (an operator who saw that holder die): once one take-over won, the lease has another holder and a second
    /// take-over from the dead one gets null, and the row version decides between two at the same instant.
    /// </summary>
    Task<WatermarkLease?> TryAcquireLeaseAsync(string connection, string entity, string owner, TimeSpan duration, string? takeOverFrom = null, CancellationToken cancellationToken = default);

    /// <summary>Extends <paramref name="lease"/> by its duration without moving the watermark (a heartbeat).</summary>
    /// <exception cref="WatermarkLeaseLostException">Another runner changed the row.</exception>
    Task<WatermarkLease> RenewAsync(WatermarkLease lease, CancellationToken cancellationToken = default);

    /// <summary>Who holds the entity's lease and until when; null when nobody holds an unexpired one.</summary>
    Task<LeaseHolder?> GetHolderAsync(string connection, string entity, CancellationToken cancellationToken = default);

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
