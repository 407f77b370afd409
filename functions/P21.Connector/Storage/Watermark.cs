namespace P21.Connector.Storage;

/// <summary>How far polling of one entity on one connection has got.</summary>
/// <param name="Connection">The P21 connection name.</param>
/// <param name="Entity">The polled entity (e.g. <c>customers</c>).</param>
/// <param name="Position">The P21 client's keyset position as opaque JSON (modified time in UTC plus key values); null before the first run.</param>
/// <param name="LastRunUtc">When a run last committed.</param>
/// <param name="RowsTotal">Rows published over all runs.</param>
public sealed record Watermark(string Connection, string Entity, string? Position, DateTimeOffset? LastRunUtc, long RowsTotal);

/// <summary>Exclusive right to advance one watermark until <see cref="ExpiresUtc"/>.</summary>
/// <param name="Connection">The P21 connection name.</param>
/// <param name="Entity">The polled entity.</param>
/// <param name="Owner">Who holds the lease; must be unique per runner (e.g. host instance id plus a GUID).</param>
/// <param name="ExpiresUtc">When other owners may take the lease over.</param>
/// <param name="Duration">How long each commit renews the lease for.</param>
/// <param name="Watermark">The watermark as it was when the lease was taken or last committed.</param>
/// <param name="Version">The row version (ETag) this lease is valid for; any other writer changes it.</param>
public sealed record WatermarkLease(
    string Connection,
    string Entity,
    string Owner,
    DateTimeOffset ExpiresUtc,
    TimeSpan Duration,
    Watermark Watermark,
    string Version)
{
    /// <summary>The one rule both stores apply: a lease can be taken when free, expired, or already ours.</summary>
    internal static bool CanTake(string? holder, DateTimeOffset? holderExpiresUtc, string owner, DateTimeOffset now) =>
        string.IsNullOrEmpty(holder) || holderExpiresUtc is null || holderExpiresUtc <= now || string.Equals(holder, owner, StringComparison.Ordinal);
}
