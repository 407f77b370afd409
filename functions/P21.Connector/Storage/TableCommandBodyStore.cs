using Azure;
using Azure.Data.Tables;

namespace P21.Connector.Storage;

/// <summary>
/// <see cref="ICommandBodyStore"/> on the <c>CommandBodies</c> table: PartitionKey = connection, header row
/// <c>h|{commandId}</c> naming the current <see cref="PayloadChunks"/> generation, so a 10k-line settlement (a few MB)
/// fits. A rewrite puts a new generation next to the old one, switches the header, then deletes the old one.
/// </summary>
internal sealed class TableCommandBodyStore(StorageTables tables) : ICommandBodyStore
{
    private const int MaxTornReads = 3;

    public async Task PutAsync(string connection, string commandId, string body, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(commandId);
        ArgumentNullException.ThrowIfNull(body);
        var table = await tables.GetAsync(StorageTableNames.CommandBodies, cancellationToken).ConfigureAwait(false);
        string pk = TableKey.Encode(connection), owner = TableKey.Encode(commandId);
        var old = await table.GetEntityIfExistsAsync<TableEntity>(pk, HeaderKey(commandId), cancellationToken: cancellationToken).ConfigureAwait(false);
        string generation = PayloadChunks.NewGeneration();
        int rows = await PayloadChunks.WriteAsync(table, pk, owner, generation, body, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(
            new TableEntity(pk, HeaderKey(commandId)) { ["CommandId"] = commandId, ["Generation"] = generation, ["Rows"] = rows, ["Length"] = body.Length },
            TableUpdateMode.Replace,
            cancellationToken).ConfigureAwait(false);
        if (old.HasValue)
        {
            await PayloadChunks.DeleteAsync(table, pk, owner, old.Value!.GetString("Generation") ?? "", old.Value.GetInt32("Rows") ?? 0, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<string?> GetAsync(string connection, string commandId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(commandId);
        var table = await tables.GetAsync(StorageTableNames.CommandBodies, cancellationToken).ConfigureAwait(false);
        string pk = TableKey.Encode(connection);
        for (int attempt = 1; attempt <= MaxTornReads; attempt++)
        {
            var header = await table.GetEntityIfExistsAsync<TableEntity>(pk, HeaderKey(commandId), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!header.HasValue)
            {
                return null;
            }

            string? body = await PayloadChunks.ReadAsync(
                table, pk, TableKey.Encode(commandId), header.Value!.GetString("Generation") ?? "", header.Value.GetInt32("Rows") ?? 0, cancellationToken).ConfigureAwait(false);
            if (body is not null)
            {
                return body;
            }
        }

        return null;
    }

    public async Task DeleteAsync(string connection, string commandId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(commandId);
        var table = await tables.GetAsync(StorageTableNames.CommandBodies, cancellationToken).ConfigureAwait(false);
        string pk = TableKey.Encode(connection);
        var header = await table.GetEntityIfExistsAsync<TableEntity>(pk, HeaderKey(commandId), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!header.HasValue)
        {
            return;
        }

        try
        {
            // Header first: a reader then sees "no body" rather than a torn one.
            await table.DeleteEntityAsync(pk, HeaderKey(commandId), header.Value!.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is TableStatus.PreconditionFailed or TableStatus.NotFound)
        {
            // Rewritten or deleted meanwhile: the newer writer owns the body now.
            return;
        }

        await PayloadChunks.DeleteAsync(table, pk, TableKey.Encode(commandId), header.Value.GetString("Generation") ?? "", header.Value.GetInt32("Rows") ?? 0, cancellationToken).ConfigureAwait(false);
    }

    private static string HeaderKey(string commandId) => "h|" + TableKey.Encode(commandId);
}
