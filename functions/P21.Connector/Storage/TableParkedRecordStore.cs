using System.Runtime.CompilerServices;

using Azure;
using Azure.Data.Tables;

namespace P21.Connector.Storage;

/// <summary>
/// <see cref="IParkedRecordStore"/> on the <c>Parked</c> table. PartitionKey = connection; the header row is
/// <c>h|{id}</c> and the payload lives in <see cref="PayloadChunks"/> rows of the same partition, so a ~1 MB
/// settlement fits. Every header change is ETag-conditional: two workers parking the same key both count.
/// </summary>
internal sealed class TableParkedRecordStore(StorageTables tables, TimeProvider timeProvider, Backoff backoff) : IParkedRecordStore
{
    private const int MaxTornReads = 3;

    public async Task<ParkedRecord> ParkAsync(string connection, ParkRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var fitted = request with { Details = TableText.Fit(request.Details) };
        var parked = await ChangeAsync(connection, ParkedRecord.IdFor(request.IdempotencyKey), request.Payload, (existing, now) => ParkedRecord.Park(existing, connection, fitted, now), cancellationToken).ConfigureAwait(false);
        return parked!;
    }

    public async Task<ParkedRecord?> GetAsync(string connection, string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(id);
        var table = await tables.GetAsync(StorageTableNames.Parked, cancellationToken).ConfigureAwait(false);
        string pk = TableKey.Encode(connection);
        for (int attempt = 1; ; attempt++)
        {
            var header = await table.GetEntityIfExistsAsync<TableEntity>(pk, HeaderKey(id), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!header.HasValue)
            {
                return null;
            }

            var row = header.Value!;
            string? payload = await PayloadChunks.ReadAsync(table, pk, TableKey.Encode(id), row.GetString("PayloadGeneration") ?? "", row.GetInt32("PayloadRows") ?? 0, cancellationToken).ConfigureAwait(false);
            if (payload is not null)
            {
                return ToRecord(row) with { Payload = payload };
            }

            if (attempt == MaxTornReads)
            {
                throw new InvalidDataException($"Parked record '{id}' on '{connection}' has no complete payload; it keeps changing or its chunks were removed.");
            }
        }
    }

    public async IAsyncEnumerable<ParkedRecord> ListAsync(string connection, ParkedRecordFilter? filter = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        var table = await tables.GetAsync(StorageTableNames.Parked, cancellationToken).ConfigureAwait(false);
        string query = TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Encode(connection)} and RowKey ge {"h|"} and RowKey lt {"h}"}");
        if (filter?.Kind is { } kind)
        {
            query += " and " + TableClient.CreateQueryFilter($"Kind eq {kind}");
        }

        if (filter?.Status is { } status)
        {
            query += " and " + TableClient.CreateQueryFilter($"Status eq {status.ToString()}");
        }

        await foreach (var row in table.QueryAsync<TableEntity>(query, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ToRecord(row);
        }
    }

    public Task<ParkedRecord?> UpdatePayloadAsync(string connection, string id, string payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return ChangeAsync(connection, id, payload, (record, now) => record is null ? null : record with { PayloadLength = payload.Length, LastSeenUtc = now }, cancellationToken);
    }

    public Task<ParkedRecord?> MarkReplayedAsync(string connection, string id, CancellationToken cancellationToken = default) =>
        ChangeAsync(connection, id, null, (record, now) => record is null ? null : record with { Status = ParkedStatus.Replayed, LastSeenUtc = now }, cancellationToken);

    public Task<ParkedRecord?> MarkDiscardedAsync(string connection, string id, CancellationToken cancellationToken = default) =>
        ChangeAsync(connection, id, null, (record, now) => record is null ? null : record with { Status = ParkedStatus.Discarded, LastSeenUtc = now }, cancellationToken);

    /// <summary>
    /// Read header → (write the new payload generation) → conditional header write → delete the old generation.
    /// A lost race deletes the generation it wrote and starts again from the fresh header.
    /// </summary>
    private async Task<ParkedRecord?> ChangeAsync(string connection, string id, string? newPayload, Func<ParkedRecord?, DateTimeOffset, ParkedRecord?> change, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(id);
        var table = await tables.GetAsync(StorageTableNames.Parked, cancellationToken).ConfigureAwait(false);
        string pk = TableKey.Encode(connection);
        for (int attempt = 1; ; attempt++)
        {
            var header = await table.GetEntityIfExistsAsync<TableEntity>(pk, HeaderKey(id), cancellationToken: cancellationToken).ConfigureAwait(false);
            var existing = header.HasValue ? header.Value : null;
            var changed = change(existing is null ? null : ToRecord(existing), timeProvider.GetUtcNow());
            if (changed is null)
            {
                return null;
            }

            string generation = existing?.GetString("PayloadGeneration") ?? "";
            int rows = existing?.GetInt32("PayloadRows") ?? 0;
            if (newPayload is not null)
            {
                generation = PayloadChunks.NewGeneration();
                rows = await PayloadChunks.WriteAsync(table, pk, TableKey.Encode(id), generation, newPayload, cancellationToken).ConfigureAwait(false);
            }

            var entity = ToEntity(pk, changed, generation, rows);
            try
            {
                if (existing is null)
                {
                    await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await table.UpdateEntityAsync(entity, existing.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (RequestFailedException ex) when (ex.IsLostRace() && attempt < Backoff.MaxRaceAttempts)
            {
                if (newPayload is not null)
                {
                    await PayloadChunks.DeleteAsync(table, pk, TableKey.Encode(id), generation, rows, cancellationToken).ConfigureAwait(false);
                }

                await backoff.WaitAsync(backoff.AfterLostRace(attempt), cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (newPayload is not null && existing is not null)
            {
                await PayloadChunks.DeleteAsync(table, pk, TableKey.Encode(id), existing.GetString("PayloadGeneration") ?? "", existing.GetInt32("PayloadRows") ?? 0, cancellationToken).ConfigureAwait(false);
            }

            return changed with { Payload = newPayload };
        }
    }

    private static string HeaderKey(string id) => "h|" + TableKey.Encode(id);

    private static TableEntity ToEntity(string pk, ParkedRecord record, string generation, int rows) => new(pk, HeaderKey(record.Id))
    {
        ["Connection"] = record.Connection,
        ["Id"] = record.Id,
        ["Kind"] = record.Kind,
        ["Source"] = record.Source,
        ["IdempotencyKey"] = record.IdempotencyKey,
        ["Reason"] = TableText.Fit(record.Reason),
        ["Details"] = record.Details,
        ["PayloadLength"] = record.PayloadLength,
        ["PayloadGeneration"] = generation,
        ["PayloadRows"] = rows,
        ["Attempts"] = record.Attempts,
        ["FirstSeenUtc"] = record.FirstSeenUtc.ToUniversalTime(),
        ["LastSeenUtc"] = record.LastSeenUtc.ToUniversalTime(),
        ["Status"] = record.Status.ToString(),
    };

    private static ParkedRecord ToRecord(TableEntity row) => new()
    {
        Connection = row.GetString("Connection") ?? "",
        Id = row.GetString("Id") ?? "",
        Kind = row.GetString("Kind") ?? "",
        Source = row.GetString("Source") ?? "",
        IdempotencyKey = row.GetString("IdempotencyKey") ?? "",
        Reason = row.GetString("Reason") ?? "",
        Details = row.GetString("Details"),
        PayloadLength = row.GetInt32("PayloadLength") ?? 0,
        Attempts = row.GetInt32("Attempts") ?? 0,
        FirstSeenUtc = row.GetDateTimeOffset("FirstSeenUtc") ?? default,
        LastSeenUtc = row.GetDateTimeOffset("LastSeenUtc") ?? default,
        Status = Enum.TryParse<ParkedStatus>(row.GetString("Status"), out var status) ? status : ParkedStatus.Parked,
    };
}
