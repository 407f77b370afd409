using System.Collections.Concurrent;

using Azure.Data.Tables;

namespace P21.Connector.Storage;

/// <summary><see cref="IFingerprintStore"/> on the <c>Fingerprints</c> table (partitioning: <see cref="FingerprintPartition"/>).</summary>
internal sealed class TableFingerprintStore(StorageTables tables) : IFingerprintStore
{
    private const int MaxBatch = 100;

    // Table Storage allows 15 comparisons per filter: one for the partition, the rest for row keys.
    private const int RowKeysPerQuery = 14;
    private const int Parallelism = 8;
    private static readonly string[] HashOnly = ["RowKey", "Hash"];

    public async Task<IReadOnlyDictionary<string, string>> GetManyAsync(string connection, string entity, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(entity);
        ArgumentNullException.ThrowIfNull(keys);
        var found = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return found;
        }

        var table = await tables.GetAsync(StorageTableNames.Fingerprints, cancellationToken).ConfigureAwait(false);
        var queries = keys.Distinct(StringComparer.Ordinal)
            .GroupBy(key => FingerprintPartition.For(connection, entity, key))
            .SelectMany(partition => partition.Chunk(RowKeysPerQuery).Select(chunk => (Partition: partition.Key, Keys: chunk)));

        await Parallel.ForEachAsync(queries, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (query, ct) =>
        {
            var byRowKey = query.Keys.ToDictionary(TableKey.Encode, key => key, StringComparer.Ordinal);
            string rowFilter = string.Join(" or ", byRowKey.Keys.Select(rk => TableClient.CreateQueryFilter($"RowKey eq {rk}")));
            string filter = $"{TableClient.CreateQueryFilter($"PartitionKey eq {query.Partition}")} and ({rowFilter})";
            await foreach (var row in table.QueryAsync<TableEntity>(filter, select: HashOnly, cancellationToken: ct).ConfigureAwait(false))
            {
                if (byRowKey.TryGetValue(row.RowKey, out string? key) && row.GetString("Hash") is { } hash)
                {
                    found[key] = hash;
                }
            }
        }).ConfigureAwait(false);

        return found;
    }

    public async Task UpsertManyAsync(string connection, string entity, IReadOnlyCollection<Fingerprint> fingerprints, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(entity);
        ArgumentNullException.ThrowIfNull(fingerprints);
        if (fingerprints.Count == 0)
        {
            return;
        }

        // A transaction may not touch one row twice: keep the last hash of each key.
        var latest = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var fingerprint in fingerprints)
        {
            ArgumentNullException.ThrowIfNull(fingerprint.Key);
            ArgumentNullException.ThrowIfNull(fingerprint.Hash);
            latest[fingerprint.Key] = fingerprint.Hash;
        }

        var table = await tables.GetAsync(StorageTableNames.Fingerprints, cancellationToken).ConfigureAwait(false);
        var batches = latest
            .GroupBy(pair => FingerprintPartition.For(connection, entity, pair.Key))
            .SelectMany(partition => partition.Chunk(MaxBatch).Select(chunk => chunk.Select(pair =>
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition.Key, TableKey.Encode(pair.Key)) { ["Hash"] = pair.Value }))
                .ToList()));

        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (batch, ct) =>
            await table.SubmitTransactionAsync(batch, ct).ConfigureAwait(false)).ConfigureAwait(false);
    }
}