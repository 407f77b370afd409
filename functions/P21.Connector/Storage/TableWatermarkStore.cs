using Azure;
using Azure.Data.Tables;

namespace P21.Connector.Storage;

/// <summary>
/// <see cref="IWatermarkStore"/> on the <c>Watermarks</c> table: PartitionKey = connection, RowKey = entity. The lease
/// lives on the watermark row itself, so taking it, committing and releasing are all ETag-conditional replaces of one
/// row: whichever writer changes the row first wins, and every holder of an older ETag gets 412.
/// </summary>
internal sealed class TableWatermarkStore(StorageTables tables, TimeProvider timeProvider) : IWatermarkStore
{
    public async Task<Watermark?> GetAsync(string connection, string entity, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(entity);
        var table = await tables.GetAsync(StorageTableNames.Watermarks, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(connection), TableKey.Encode(entity), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ToWatermark(connection, entity, row.Value!) : null;
    }

    public async Task<WatermarkLease?> TryAcquireLeaseAsync(string connection, string entity, string owner, TimeSpan duration, string? takeOverFrom = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(entity);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var table = await tables.GetAsync(StorageTableNames.Watermarks, cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        string pk = TableKey.Encode(connection), rk = TableKey.Encode(entity);
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            if (!existing.HasValue)
            {
                var watermark = new Watermark(connection, entity, null, null, 0);
                var created = ToEntity(pk, rk, watermark, owner, now + duration);
                var response = await table.AddEntityAsync(created, cancellationToken).ConfigureAwait(false);
                return new WatermarkLease(connection, entity, owner, now + duration, duration, watermark, response.Headers.ETag!.Value.ToString());
            }

            var row = existing.Value!;
            var holder = row.GetString("LeaseOwner");
            if (!WatermarkLease.CanTake(holder, row.GetDateTimeOffset("LeaseExpiresUtc"), owner, now) && (takeOverFrom is null || !string.Equals(holder, takeOverFrom, StringComparison.Ordinal)))
            {
                return null;
            }

            var current = ToWatermark(connection, entity, row);
            var taken = ToEntity(pk, rk, current, owner, now + duration);
            var updated = await table.UpdateEntityAsync(taken, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return new WatermarkLease(connection, entity, owner, now + duration, duration, current, updated.Headers.ETag!.Value.ToString());
        }
        catch (RequestFailedException ex) when (ex.IsLostRace())
        {
            return null;
        }
    }

    public async Task<WatermarkLease> CommitAsync(WatermarkLease lease, string? position, long rowsAdded, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfNegative(rowsAdded);
        var table = await tables.GetAsync(StorageTableNames.Watermarks, cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        var watermark = lease.Watermark with { Position = position, LastRunUtc = now, RowsTotal = lease.Watermark.RowsTotal + rowsAdded };
        var expires = now + lease.Duration;
        var entity = ToEntity(TableKey.Encode(lease.Connection), TableKey.Encode(lease.Entity), watermark, lease.Owner, expires);
        try
        {
            // The lease's watermark is the row's content at that ETag, so a replace cannot drop another writer's change.
            var response = await table.UpdateEntityAsync(entity, new ETag(lease.Version), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return lease with { Watermark = watermark, ExpiresUtc = expires, Version = response.Headers.ETag!.Value.ToString() };
        }
        catch (RequestFailedException ex) when (ex.IsLostRace())
        {
            throw new WatermarkLeaseLostException(lease.Connection, lease.Entity, ex);
        }
    }

    public async Task<WatermarkLease> RenewAsync(WatermarkLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var table = await tables.GetAsync(StorageTableNames.Watermarks, cancellationToken).ConfigureAwait(false);
        var expires = timeProvider.GetUtcNow() + lease.Duration;
        var entity = ToEntity(TableKey.Encode(lease.Connection), TableKey.Encode(lease.Entity), lease.Watermark, lease.Owner, expires);
        try
        {
            var response = await table.UpdateEntityAsync(entity, new ETag(lease.Version), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return lease with { ExpiresUtc = expires, Version = response.Headers.ETag!.Value.ToString() };
        }
        catch (RequestFailedException ex) when (ex.IsLostRace())
        {
            throw new WatermarkLeaseLostException(lease.Connection, lease.Entity, ex);
        }
    }

    public async Task<LeaseHolder?> GetHolderAsync(string connection, string entity, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(StorageTableNames.Watermarks, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(connection), TableKey.Encode(entity), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value!.GetString("LeaseOwner") is { } owner && row.Value.GetDateTimeOffset("LeaseExpiresUtc") is { } expires
            && expires > timeProvider.GetUtcNow()
            ? new LeaseHolder(owner, expires)
            : null;
    }

    public async Task<bool> ReleaseAsync(WatermarkLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var table = await tables.GetAsync(StorageTableNames.Watermarks, cancellationToken).ConfigureAwait(false);
        var entity = ToEntity(TableKey.Encode(lease.Connection), TableKey.Encode(lease.Entity), lease.Watermark, null, null);
        try
        {
            await table.UpdateEntityAsync(entity, new ETag(lease.Version), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.IsLostRace())
        {
            return false;
        }
    }

    private static TableEntity ToEntity(string pk, string rk, Watermark watermark, string? owner, DateTimeOffset? expiresUtc)
    {
        var entity = new TableEntity(pk, rk)
        {
            ["Connection"] = watermark.Connection,
            ["Entity"] = watermark.Entity,
            ["RowsTotal"] = watermark.RowsTotal,
        };
        if (watermark.Position is not null)
        {
            entity["Position"] = watermark.Position;
        }

        if (watermark.LastRunUtc is { } lastRun)
        {
            entity["LastRunUtc"] = lastRun.ToUniversalTime();
        }

        if (owner is not null && expiresUtc is { } expires)
        {
            entity["LeaseOwner"] = owner;
            entity["LeaseExpiresUtc"] = expires.ToUniversalTime();
        }

        return entity;
    }

    private static Watermark ToWatermark(string connection, string entity, TableEntity row) =>
        new(connection, entity, row.GetString("Position"), row.GetDateTimeOffset("LastRunUtc"), row.GetInt64("RowsTotal") ?? 0);
}
