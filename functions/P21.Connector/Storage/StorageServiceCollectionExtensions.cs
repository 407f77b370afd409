using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

using P21.Connector.Commands;
using P21.Connector.Queues;
using P21.Connector.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the state stores and the command queue.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds every store (watermarks, fingerprints, mappings, ledger, parked records, schema snapshots, command bodies and
    /// the <see cref="CommandClaimCheck"/> over them) bound to the
    /// <c>Storage</c> section: Table Storage, or in-process stores when <c>Storage:ConnectionString</c> is <c>memory</c>.
    /// Also adds an <see cref="ICommandQueue"/> (Storage queue, or in-memory) unless one is registered already.
    /// Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddP21Storage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var client = options.TableServiceUri is { } uri
                ? new TableServiceClient(uri, CreateCredential(options))
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
        // Chosen as IRecentOrders by AddP21Intake unless Storage:ConnectionString is memory.
        services.TryAddSingleton<TableRecentOrders>();
        services.TryAddSingleton(sp => new CommandClaimCheck(
            sp.GetRequiredService<ICommandBodyStore>(), sp.GetRequiredService<IOptions<StorageOptions>>().Value.MaxInlineCommandBytes));

        services.TryAddSingleton<InMemoryCommandQueue>();
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
            var client = options.QueueServiceUri is { } uri
                ? new QueueServiceClient(uri, CreateCredential(options), queueOptions)
                : new QueueServiceClient(options.ConnectionString, queueOptions);
            return new StorageQueueCommandQueue(client.GetQueueClient(options.CommandQueueName), client.GetQueueClient(options.CommandQueueName + "-poison"));
        });
        services.TryAddSingleton<ICommandQueue>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.UsesMemory
            ? sp.GetRequiredService<InMemoryCommandQueue>()
            : sp.GetRequiredService<StorageQueueCommandQueue>());
        return services;
    }

    private static TokenCredential CreateCredential(StorageOptions options) =>
        new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = string.IsNullOrWhiteSpace(options.ClientId) ? null : options.ClientId });

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
