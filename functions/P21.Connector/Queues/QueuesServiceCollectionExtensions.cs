using Azure.Storage.Queues;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

using P21.Connector.Commands;
using P21.Connector.Queues;
using P21.Connector.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the command queue between intake and the writer.</summary>
public static class QueuesServiceCollectionExtensions
{
    /// <summary>
    /// Adds the stores (<see cref="StorageServiceCollectionExtensions.AddP21Storage"/>), the
    /// <see cref="CommandClaimCheck"/> over the command body store, and an <see cref="ICommandQueue"/> (the Storage queue
    /// <c>Storage:CommandQueueName</c>, or in-memory when <c>Storage:ConnectionString</c> is <c>memory</c>) unless one is
    /// registered already. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddP21CommandQueue(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddP21Storage(configuration);
        services.TryAddSingleton(sp => new CommandClaimCheck(
            sp.GetRequiredService<ICommandBodyStore>(), sp.GetRequiredService<IOptions<StorageOptions>>().Value.MaxInlineCommandBytes));

        services.TryAddSingleton<InMemoryCommandQueue>();
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
            var client = options.QueueServiceUri is { } uri
                ? new QueueServiceClient(uri, options.CreateCredential(), queueOptions)
                : new QueueServiceClient(options.ConnectionString, queueOptions);
            return new StorageQueueCommandQueue(client.GetQueueClient(options.CommandQueueName), client.GetQueueClient(options.CommandQueueName + "-poison"));
        });
        services.TryAddSingleton<ICommandQueue>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.UsesMemory
            ? sp.GetRequiredService<InMemoryCommandQueue>()
            : sp.GetRequiredService<StorageQueueCommandQueue>());
        return services;
    }
}
