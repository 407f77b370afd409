using System.Globalization;

namespace P21.Connector.Storage;

/// <summary>In-process <see cref="IWatermarkStore"/> with the same lease and version rules as the table store.</summary>
public sealed class InMemoryWatermarkStore(TimeProvider timeProvider) : IWatermarkStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Connection, string Entity), Row> _rows = [];
    private long _version;

    /// <inheritdoc />
    public Task<Watermark?> GetAsync(string connection, string entity, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(entity);
        lock (_gate)
        {
            return Task.FromResult(_rows.TryGetValue((connection, entity), out var row) ? row.Watermark : null);
        }
    }

    /// <inheritdoc />
    public Task<WatermarkLease?> TryAcquireLeaseAsync(string connection, string entity, string owner, TimeSpan duration, string? takeOverFrom = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(entity);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            var watermark = _rows.TryGetValue((connection, entity), out var row) ? row.Watermark : new Watermark(connection, entity, null, null, 0);
            if (row is not null && !WatermarkLease.CanTake(row.Owner, row.ExpiresUtc, owner, now) && !string.Equals(row.Owner, takeOverFrom, StringComparison.Ordinal))
            {
                return Task.FromResult<WatermarkLease?>(null);
            }

            var taken = new Row(watermark, owner, now + duration, NextVersion());
            _rows[(connection, entity)] = taken;
            return Task.FromResult<WatermarkLease?>(new WatermarkLease(connection, entity, owner, now + duration, duration, watermark, taken.Version));
        }
    }

    /// <inheritdoc />
    public Task<WatermarkLease> CommitAsync(WatermarkLease lease, string? position, long rowsAdded, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfNegative(rowsAdded);
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (!_rows.TryGetValue((lease.Connection, lease.Entity), out var row) || row.Version != lease.Version)
            {
                throw new WatermarkLeaseLostException(lease.Connection, lease.Entity);
            }

            var watermark = row.Watermark with { Position = position, LastRunUtc = now, RowsTotal = row.Watermark.RowsTotal + rowsAdded };
            var committed = new Row(watermark, lease.Owner, now + lease.Duration, NextVersion());
            _rows[(lease.Connection, lease.Entity)] = committed;
            return Task.FromResult(lease with { Watermark = watermark, ExpiresUtc = committed.ExpiresUtc!.Value, Version = committed.Version });
        }
    }

    /// <inheritdoc />
    public Task<WatermarkLease> RenewAsync(WatermarkLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (!_rows.TryGetValue((lease.Connection, lease.Entity), out var row) || row.Version != lease.Version)
            {
                throw new WatermarkLeaseLostException(lease.Connection, lease.Entity);
            }

            var renewed = row with { ExpiresUtc = now + lease.Duration, Version = NextVersion() };
            _rows[(lease.Connection, lease.Entity)] = renewed;
            return Task.FromResult(lease with { ExpiresUtc = renewed.ExpiresUtc!.Value, Version = renewed.Version });
        }
    }

    /// <inheritdoc />
    public Task<LeaseHolder?> GetHolderAsync(string connection, string entity, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            return Task.FromResult(_rows.TryGetValue((connection, entity), out var row) && row.Owner is { } owner && row.ExpiresUtc is { } expires && expires > now
                ? new LeaseHolder(owner, expires)
                : null);
        }
    }

    /// <inheritdoc />
    public Task<bool> ReleaseAsync(WatermarkLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        lock (_gate)
        {
            if (!_rows.TryGetValue((lease.Connection, lease.Entity), out var row) || row.Version != lease.Version)
            {
                return Task.FromResult(false);
            }

            _rows[(lease.Connection, lease.Entity)] = new Row(row.Watermark, null, null, NextVersion());
            return Task.FromResult(true);
        }
    }

    private string NextVersion() => (++_version).ToString(CultureInfo.InvariantCulture);

    private sealed record Row(Watermark Watermark, string? Owner, DateTimeOffset? ExpiresUtc, string Version);
}
