using System.Collections.Concurrent;

using Azure.Data.Tables;

namespace P21.Connector.Storage;

/// <summary>Hands out table clients, creating each table once per process on first use.</summary>
internal sealed class StorageTables
{
    private readonly TableServiceClient _service;
    private readonly string _prefix;
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new(StringComparer.Ordinal);

    public StorageTables(TableServiceClient service, string? tablePrefix)
    {
        ArgumentNullException.ThrowIfNull(service);
        _service = service;
        _prefix = tablePrefix ?? "";
    }

    public async Task<TableClient> GetAsync(string logicalName, CancellationToken cancellationToken)
    {
        var lazy = _tables.GetOrAdd(logicalName, name => new Lazy<Task<TableClient>>(() => CreateAsync(_prefix + name)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A failed creation (network, auth) must not poison the process: the next caller tries again.
            _tables.TryRemove(new KeyValuePair<string, Lazy<Task<TableClient>>>(logicalName, lazy));
            throw;
        }
    }

    private async Task<TableClient> CreateAsync(string tableName)
    {
        var client = _service.GetTableClient(tableName);
        // Not tied to one caller's token: several callers share this task.
        await client.CreateIfNotExistsAsync(CancellationToken.None).ConfigureAwait(false);
        return client;
    }
}
