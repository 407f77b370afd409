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
    private static readonly string[] KeyOnly = ["RowKey", "Key"];

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
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition.Key, TableKey.Encode(pair.Key)) { ["Hash"] = pair.Value, ["Key"] = pair.Key }))
                .ToList()));

        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (batch, ct) =>
            await table.SubmitTransactionAsync(batch, ct).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <remarks>
    /// Order: bucket by bucket, RowKey order inside each. The cursor is <c>{bucket}|{last RowKey}</c>; a page never spans
    /// two buckets, so a page may be short or empty while <see cref="FingerprintKeyPage.Next"/> is still set. The key is
    /// read from the <c>Key</c> property (written since key scans exist) or decoded from the RowKey; a row written
    /// before that with a hashed (over-long) RowKey cannot be named and is skipped.
    /// </remarks>
    public async Task<FingerprintKeyPage> ListKeysAsync(string connection, string entity, string? after, int max, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(entity);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(max, 1000);
        var (bucket, lastRowKey) = ParseCursor(after);
        var table = await tables.GetAsync(StorageTableNames.Fingerprints, cancellationToken).ConfigureAwait(false);
        string partition = TableKey.Join(connection, entity, bucket.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {lastRowKey}");
        var keys = new List<string>(max);
        string? last = null;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: max, select: KeyOnly, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            last = row.RowKey;
            if (row.GetString("Key") is { } key)
            {
                keys.Add(key);
            }
            else if (!row.RowKey.Contains("%~", StringComparison.Ordinal))
            {
                keys.Add(TableKey.Decode(row.RowKey));
            }

            if (keys.Count == max)
            {
                break;
            }
        }

        string? next = keys.Count == max && last is not null
            ? Cursor(bucket, last)
            : bucket + 1 < FingerprintPartition.BucketCount ? Cursor(bucket + 1, string.Empty) : null;
        return new FingerprintKeyPage(keys, next);
    }

    public async Task DeleteManyAsync(string connection, string entity, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(entity);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return;
        }

        var table = await tables.GetAsync(StorageTableNames.Fingerprints, cancellationToken).ConfigureAwait(false);
        var deletes = keys.Distinct(StringComparer.Ordinal).Select(key => (Partition: FingerprintPartition.For(connection, entity, key), RowKey: TableKey.Encode(key)));
        await Parallel.ForEachAsync(deletes, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (delete, ct) =>
        {
            // Unconditional and idempotent: a missing row answers 404, which DeleteEntityAsync treats as done.
            await table.DeleteEntityAsync(delete.Partition, delete.RowKey, Azure.ETag.All, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static string Cursor(int bucket, string rowKey) => $"{bucket.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)}|{rowKey}";

    private static (int Bucket, string RowKey) ParseCursor(string? cursor)
    {
        if (cursor is null)
        {
            return (0, string.Empty);
        }

        int separator = cursor.IndexOf('|', StringComparison.Ordinal);
        if (separator != 2 || !int.TryParse(cursor.AsSpan(0, 2), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out int bucket)
            || bucket >= FingerprintPartition.BucketCount)
        {
            throw new ArgumentException($"'{cursor}' is not a fingerprint key cursor from ListKeysAsync.", nameof(cursor));
        }

        return (bucket, cursor[(separator + 1)..]);
    }
}
