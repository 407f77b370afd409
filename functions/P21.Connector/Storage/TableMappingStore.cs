using System.Runtime.CompilerServices;

using Azure.Data.Tables;

namespace P21.Connector.Storage;

/// <summary>
/// <see cref="IMappingStore"/> on the <c>Mappings</c> table: PartitionKey = <c>{connection}|{source}|{kind}</c>,
/// RowKey = the encoded normalized key; the normalized key and value are properties. Listing one kind is one
/// partition scan, streamed page by page.
/// </summary>
internal sealed class TableMappingStore(StorageTables tables, TimeProvider timeProvider) : IMappingStore
{
    public async Task<string?> GetAsync(string connection, string source, MappingKind kind, string key, CancellationToken cancellationToken = default)
    {
        string normalized = Check(connection, source, kind, key);
        var table = await tables.GetAsync(StorageTableNames.Mappings, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition(connection, source, kind), TableKey.Encode(normalized), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value!.GetString("Value") : null;
    }

    public async Task<Mapping> SetAsync(string connection, string source, MappingKind kind, string key, string value, CancellationToken cancellationToken = default)
    {
        string normalized = Check(connection, source, kind, key);
        ArgumentNullException.ThrowIfNull(value);
        var table = await tables.GetAsync(StorageTableNames.Mappings, cancellationToken).ConfigureAwait(false);
        var mapping = new Mapping(connection, source, kind, normalized, value, timeProvider.GetUtcNow());
        var entity = new TableEntity(Partition(connection, source, kind), TableKey.Encode(normalized))
        {
            ["Key"] = normalized,
            ["Value"] = value,
            ["UpdatedUtc"] = mapping.UpdatedUtc.ToUniversalTime(),
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return mapping;
    }

    public async Task<bool> DeleteAsync(string connection, string source, MappingKind kind, string key, CancellationToken cancellationToken = default)
    {
        string normalized = Check(connection, source, kind, key);
        var table = await tables.GetAsync(StorageTableNames.Mappings, cancellationToken).ConfigureAwait(false);
        var response = await table.DeleteEntityAsync(Partition(connection, source, kind), TableKey.Encode(normalized), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.Status != TableStatus.NotFound;
    }

    public async IAsyncEnumerable<Mapping> ListAsync(string connection, string source, MappingKind kind, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(kind.Name, nameof(kind));
        var table = await tables.GetAsync(StorageTableNames.Mappings, cancellationToken).ConfigureAwait(false);
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(connection, source, kind)}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return new Mapping(connection, source, kind, row.GetString("Key") ?? "", row.GetString("Value") ?? "", row.GetDateTimeOffset("UpdatedUtc") ?? row.Timestamp ?? default);
        }
    }

    private static string Partition(string connection, string source, MappingKind kind) => TableKey.Join(connection, source, kind.Name);

    private static string Check(string connection, string source, MappingKind kind, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(kind.Name, nameof(kind));
        return MappingKey.Normalize(kind, key);
    }
}
