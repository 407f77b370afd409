using Azure.Identity;
using Azure.Messaging.ServiceBus;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

using P21.Connector.Commands;
using P21.Connector.Events;

using P21.Functions.Messaging;

namespace P21.Functions.Hosting;

/// <summary>Service Bus for the app: the change sink (topic) and the command queue (queue) on one client.</summary>
public static class ServiceBusServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ServiceBusMessagingOptions"/> (section <c>ServiceBus</c>, validated at start-up), one
    /// <see cref="ServiceBusClient"/> (managed identity from <c>ServiceBus:clientId</c>, or an emulator connection string in
    /// the plain <c>ServiceBus</c> setting), <see cref="ServiceBusChangeSink"/> as the <see cref="IChangeSink"/> and
    /// <see cref="ServiceBusCommandQueue"/> as the <see cref="ICommandQueue"/> (replacing the storage default).
    /// </summary>
    public static IServiceCollection AddP21ServiceBus(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(ServiceBusMessagingOptions.SectionName);
        services.AddOptions<ServiceBusMessagingOptions>()
            .Bind(section)
            .Configure(o => o.ConnectionString = string.IsNullOrWhiteSpace(section.Value) ? null : section.Value)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServiceBusMessagingOptions>, ServiceBusMessagingOptionsValidator>());

        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ServiceBusMessagingOptions>>().Value;
            if (options.ConnectionString is { } connectionString)
            {
                return new ServiceBusClient(connectionString);
            }

            var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                ManagedIdentityClientId = string.IsNullOrWhiteSpace(options.ClientId) ? null : options.ClientId.Trim(),
            });
            return new ServiceBusClient(options.FullyQualifiedNamespace!.Trim(), credential);
        });
        services.TryAddSingleton<ServiceBusChangeSink>();
        services.TryAddSingleton<IChangeSink>(sp => sp.GetRequiredService<ServiceBusChangeSink>());
        services.TryAddSingleton<ServiceBusCommandQueue>();
        services.Replace(ServiceDescriptor.Singleton<ICommandQueue>(sp => sp.GetRequiredService<ServiceBusCommandQueue>()));
        return services;
    }
}
