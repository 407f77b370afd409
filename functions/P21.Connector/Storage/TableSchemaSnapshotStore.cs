using Azure;
using Azure.Data.Tables;

namespace P21.Connector.Storage;

/// <summary>
/// <see cref="ISchemaSnapshotStore"/> on the <c>SchemaSnapshots</c> table: PartitionKey = connection, header row
/// <c>h|{name}</c>, the JSON in <see cref="PayloadChunks"/> rows. Saves are last-writer-wins; the header switch is
/// ETag-conditional only so that the replaced generation can be deleted safely.
/// </summary>
internal sealed class TableSchemaSnapshotStore(StorageTables tables, TimeProvider timeProvider, Backoff backoff) : ISchemaSnapshotStore
{
    private const int MaxTornReads = 3;

    public async Task<SchemaSnapshot> SaveAsync(string connection, string name, string json, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(json);
        var table = await tables.GetAsync(StorageTableNames.SchemaSnapshots, cancellationToken).ConfigureAwait(false);
        string pk = TableKey.Encode(connection), owner = TableKey.Encode(name);
        string generation = PayloadChunks.NewGeneration();
        int rows = await PayloadChunks.WriteAsync(table, pk, owner, generation, json, cancellationToken).ConfigureAwait(false);
        var snapshot = new SchemaSnapshot(connection, name, json, timeProvider.GetUtcNow());
        var header = new TableEntity(pk, "h|" + owner)
        {
            ["Connection"] = connection,
            ["Name"] = name,
            ["SavedUtc"] = snapshot.SavedUtc.ToUniversalTime(),
            ["Generation"] = generation,
            ["Rows"] = rows,
        };

        for (int attempt = 1; ; attempt++)
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(pk, header.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            try
            {
                if (existing.HasValue)
                {
                    await table.UpdateEntityAsync(header, existing.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                    var old = existing.Value!;
                    await PayloadChunks.DeleteAsync(table, pk, owner, old.GetString("Generation") ?? "", old.GetInt32("Rows") ?? 0, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await table.AddEntityAsync(header, cancellationToken).ConfigureAwait(false);
                }

                return snapshot;
            }
            catch (RequestFailedException ex) when (ex.IsLostRace() && attempt < Backoff.MaxRaceAttempts)
            {
                // Another save switched the header first; ours is newer, so switch again from its version.
                await backoff.WaitAsync(backoff.AfterLostRace(attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<SchemaSnapshot?> LoadAsync(string connection, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var table = await tables.GetAsync(StorageTableNames.SchemaSnapshots, cancellationToken).ConfigureAwait(false);
        string pk = TableKey.Encode(connection), owner = TableKey.Encode(name);
        for (int attempt = 1; ; attempt++)
        {
            var header = await table.GetEntityIfExistsAsync<TableEntity>(pk, "h|" + owner, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!header.HasValue)
            {
                return null;
            }

            var row = header.Value!;
            string? json = await PayloadChunks.ReadAsync(table, pk, owner, row.GetString("Generation") ?? "", row.GetInt32("Rows") ?? 0, cancellationToken).ConfigureAwait(false);
            if (json is not null)
            {
                return new SchemaSnapshot(connection, name, json, row.GetDateTimeOffset("SavedUtc") ?? default);
            }

            if (attempt == MaxTornReads)
            {
                throw new InvalidDataException($"Schema snapshot '{name}' on '{connection}' has no complete content; it keeps changing or its chunks were removed.");
            }
        }
    }
}
