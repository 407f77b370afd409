using Azure;
using Azure.Data.Tables;

namespace P21.Connector.Storage;

/// <summary>
/// <see cref="IIdempotencyLedger"/> on the <c>Ledger</c> table: PartitionKey = connection, RowKey = encoded
/// idempotency key. The claim is <c>AddEntity</c>: Table Storage lets exactly one insert of a row succeed, every
/// other gets 409. Later changes are ETag-conditional replaces, retried on 412 against the fresh row.
/// </summary>
/// <remarks>
/// One partition per connection is enough: writes are limited by P21 (two at a time per host), far below a
/// partition's throughput, and all operations are point reads and writes.
/// </remarks>
internal sealed class TableIdempotencyLedger(StorageTables tables, TimeProvider timeProvider, Backoff backoff) : IIdempotencyLedger
{
    public async Task<LedgerClaim> TryBeginAsync(string connection, string idempotencyKey, string commandId, string kind, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        ArgumentException.ThrowIfNullOrEmpty(commandId);
        ArgumentException.ThrowIfNullOrEmpty(kind);
        var table = await tables.GetAsync(StorageTableNames.Ledger, cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        var entry = new LedgerEntry(connection, idempotencyKey, commandId, kind, LedgerState.Pending, null, null, 1, now, now);
        try
        {
            await table.AddEntityAsync(ToEntity(entry), cancellationToken).ConfigureAwait(false);
            return new LedgerClaim(true, entry);
        }
        catch (RequestFailedException ex) when (ex.Status == TableStatus.Conflict)
        {
            try
            {
                var repeated = await ChangeAsync(table, connection, idempotencyKey, (existing, at) => LedgerTransitions.Repeat(existing!, at), cancellationToken).ConfigureAwait(false);
                return new LedgerClaim(false, repeated);
            }
            catch (RequestFailedException race) when (race.Status == TableStatus.PreconditionFailed)
            {
                // The claim is already decided by the insert; under heavy contention the attempt count is best effort.
                return new LedgerClaim(false, (await GetAsync(connection, idempotencyKey, cancellationToken).ConfigureAwait(false))!);
            }
        }
    }

    public async Task<LedgerEntry> MarkCommittedAsync(string connection, string idempotencyKey, string p21Key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        ArgumentException.ThrowIfNullOrEmpty(p21Key);
        var table = await tables.GetAsync(StorageTableNames.Ledger, cancellationToken).ConfigureAwait(false);
        return await ChangeAsync(table, connection, idempotencyKey, (entry, now) => LedgerTransitions.Commit(entry, connection, idempotencyKey, p21Key, now), cancellationToken).ConfigureAwait(false);
    }

    public async Task<LedgerEntry> MarkParkedAsync(string connection, string idempotencyKey, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        var table = await tables.GetAsync(StorageTableNames.Ledger, cancellationToken).ConfigureAwait(false);
        return await ChangeAsync(table, connection, idempotencyKey, (entry, now) => LedgerTransitions.Park(entry, connection, idempotencyKey, reason, now), cancellationToken).ConfigureAwait(false);
    }

    public async Task<ProcessingClaim?> TryClaimAsync(string connection, string idempotencyKey, string owner, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var table = await tables.GetAsync(StorageTableNames.Ledger, cancellationToken).ConfigureAwait(false);
        for (int attempt = 1; ; attempt++)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(connection), TableKey.Encode(idempotencyKey), cancellationToken: cancellationToken).ConfigureAwait(false);
            var claimed = LedgerTransitions.Claim(row.HasValue ? ToEntry(row.Value!) : null, connection, idempotencyKey, owner, duration, timeProvider.GetUtcNow());
            if (claimed is null)
            {
                return null;
            }

            try
            {
                // The ETag makes the read-decide-write atomic: of two hosts that both saw the row unclaimed, one gets 412.
                await table.UpdateEntityAsync(ToEntity(claimed), row.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return new ProcessingClaim(owner, claimed.ClaimExpiresUtc!.Value, claimed);
            }
            catch (RequestFailedException ex) when (ex.Status == TableStatus.PreconditionFailed && attempt < Backoff.MaxRaceAttempts)
            {
                // Someone changed the row (another claim, an attempt count): decide again on the fresh row.
                await backoff.WaitAsync(backoff.AfterLostRace(attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task ReleaseClaimAsync(string connection, string idempotencyKey, string owner, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var table = await tables.GetAsync(StorageTableNames.Ledger, cancellationToken).ConfigureAwait(false);
        for (int attempt = 1; ; attempt++)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(connection), TableKey.Encode(idempotencyKey), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (LedgerTransitions.Release(row.HasValue ? ToEntry(row.Value!) : null, owner) is not { } released)
            {
                return;
            }

            try
            {
                await table.UpdateEntityAsync(ToEntity(released), row.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == TableStatus.PreconditionFailed && attempt < Backoff.MaxRaceAttempts)
            {
                await backoff.WaitAsync(backoff.AfterLostRace(attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<LedgerEntry?> GetAsync(string connection, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        var table = await tables.GetAsync(StorageTableNames.Ledger, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(connection), TableKey.Encode(idempotencyKey), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ToEntry(row.Value!) : null;
    }

    private async Task<LedgerEntry> ChangeAsync(TableClient table, string connection, string idempotencyKey, Func<LedgerEntry?, DateTimeOffset, LedgerEntry> transition, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(connection), TableKey.Encode(idempotencyKey), cancellationToken: cancellationToken).ConfigureAwait(false);
            var changed = transition(row.HasValue ? ToEntry(row.Value!) : null, timeProvider.GetUtcNow());
            try
            {
                await table.UpdateEntityAsync(ToEntity(changed), row.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return changed;
            }
            catch (RequestFailedException ex) when (ex.Status == TableStatus.PreconditionFailed && attempt < Backoff.MaxRaceAttempts)
            {
                // Another worker changed the row between our read and write: apply the transition to its version.
                await backoff.WaitAsync(backoff.AfterLostRace(attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static TableEntity ToEntity(LedgerEntry entry)
    {
        var entity = new TableEntity(TableKey.Encode(entry.Connection), TableKey.Encode(entry.IdempotencyKey))
        {
            ["Connection"] = entry.Connection,
            ["IdempotencyKey"] = entry.IdempotencyKey,
            ["CommandId"] = entry.CommandId,
            ["Kind"] = entry.Kind,
            ["State"] = entry.State.ToString(),
            ["Attempts"] = entry.Attempts,
            ["FirstSeenUtc"] = entry.FirstSeenUtc.ToUniversalTime(),
            ["LastSeenUtc"] = entry.LastSeenUtc.ToUniversalTime(),
        };
        if (entry.P21Key is not null)
        {
            entity["P21Key"] = entry.P21Key;
        }

        if (entry.ParkedReason is not null)
        {
            entity["ParkedReason"] = entry.ParkedReason;
        }

        if (entry.ClaimOwner is not null)
        {
            entity["ClaimOwner"] = entry.ClaimOwner;
            entity["ClaimExpiresUtc"] = entry.ClaimExpiresUtc?.ToUniversalTime();
        }

        return entity;
    }

    private static LedgerEntry ToEntry(TableEntity row) => new(
        row.GetString("Connection") ?? "",
        row.GetString("IdempotencyKey") ?? "",
        row.GetString("CommandId") ?? "",
        row.GetString("Kind") ?? "",
        Enum.TryParse<LedgerState>(row.GetString("State"), out var state) ? state : LedgerState.Pending,
        row.GetString("P21Key"),
        row.GetString("ParkedReason"),
        row.GetInt32("Attempts") ?? 1,
        row.GetDateTimeOffset("FirstSeenUtc") ?? default,
        row.GetDateTimeOffset("LastSeenUtc") ?? default,
        row.GetString("ClaimOwner"),
        row.GetDateTimeOffset("ClaimExpiresUtc"));
}
