using Azure.Data.Tables;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

using P21.Connector.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the state stores.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds every store (watermarks, fingerprints, mappings, ledger, parked records, schema snapshots, command bodies)
    /// bound to the <c>Storage</c> section: Table Storage, or in-process stores when <c>Storage:ConnectionString</c> is
    /// <c>memory</c>. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddP21Storage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new Backoff(sp.GetRequiredService<TimeProvider>(), Random.Shared));

        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var client = options.TableServiceUri is { } uri
                ? new TableServiceClient(uri, options.CreateCredential())
                : new TableServiceClient(options.ConnectionString);
            return new StorageTables(client, options.TablePrefix);
        });

        Add<IWatermarkStore, InMemoryWatermarkStore, TableWatermarkStore>(services);
        Add<IFingerprintStore, InMemoryFingerprintStore, TableFingerprintStore>(services);
        Add<IMappingStore, InMemoryMappingStore, TableMappingStore>(services);
        Add<IIdempotencyLedger, InMemoryIdempotencyLedger, TableIdempotencyLedger>(services);
        Add<IParkedRecordStore, InMemoryParkedRecordStore, TableParkedRecordStore>(services);
        Add<ISchemaSnapshotStore, InMemorySchemaSnapshotStore, TableSchemaSnapshotStore>(services);
        Add<ICommandBodyStore, InMemoryCommandBodyStore, TableCommandBodyStore>(services);
        return services;
    }

    private static void Add<TService, TMemory, TTable>(IServiceCollection services)
        where TService : class
        where TMemory : class, TService
        where TTable : class, TService
    {
        services.TryAddSingleton<TMemory>();
        services.TryAddSingleton<TTable>();
        services.TryAddSingleton<TService>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.UsesMemory
            ? sp.GetRequiredService<TMemory>()
            : sp.GetRequiredService<TTable>());
    }
}
